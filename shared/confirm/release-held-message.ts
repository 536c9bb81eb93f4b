/**
 * A confirmed message is accepted and processed (DWP Email Policy 3.10): read again from where
 * SES wrote it, classified again with the sender confirmed, then protected or delivered by the
 * same stages as any other message, and recorded as `released`. It runs in the ingest function,
 * from a release request the confirmation page puts on its queue.
 *
 * Safe to repeat, as the queue delivers at least once: the stages send through the notification
 * ledger, and once the held raw message is gone the release is done.
 */
import { createHash } from 'node:crypto';
import { type AuditContext, type AuditSubject, decisionEntry } from '../pipeline/audit-entry.ts';
import { parseInboundKey } from '../pipeline/mail-keys.ts';
import type { HoldRegister } from '../pipeline/ports.ts';
import {
  actOn,
  type ProcessDependencies,
  type ProcessOutcome,
  processedOutcome,
  stageFailed,
} from '../pipeline/process-inbound-mail.ts';
import type { Decision } from '../policy/decision.ts';

/** The request names no hold, or one nobody confirmed: nothing may be released. */
export class ReleaseRefusedError extends Error {
  override readonly name = 'ReleaseRefusedError';
}

export interface ReleaseDependencies extends ProcessDependencies {
  readonly holds: HoldRegister;
}

export function releaseConfirmedHold(deps: ReleaseDependencies) {
  return async (holdKey: string): Promise<Exclude<ProcessOutcome, { status: 'report' }>> => {
    const hold = await deps.holds.get(holdKey);
    // The request is checked against the register, never trusted on its own.
    if (!hold) throw new ReleaseRefusedError('no hold has this key');
    if (hold.decision !== 'confirmed')
      throw new ReleaseRefusedError(`the hold is ${hold.decision ?? 'undecided'}, not confirmed`);
    const key = parseInboundKey(hold.objectKey);
    if ((await deps.store.size(hold.objectKey)) === undefined)
      return { status: 'already-processed', messageId: key.messageId };

    const context = (): AuditContext => ({
      at: deps.clock.now(),
      actor: deps.actor,
      retentionYears: deps.auditRetentionYears,
    });
    let subject: AuditSubject = { messageId: key.messageId, mailbox: key.mailbox, objectKey: hold.objectKey };
    let decision: Decision | undefined;
    let stage = 'release';
    try {
      const route = deps.mailboxes.get(key.mailbox);
      if (!route) throw new ReleaseRefusedError(`no mailbox is configured for ${key.mailbox}`);
      const raw = await deps.store.read(hold.objectKey);
      subject = {
        ...subject,
        rawBytes: raw.byteLength,
        rawSha256: createHash('sha256').update(raw).digest('hex'),
      };
      const classified = await route.classify(raw, { senderConfirmed: true });
      decision = classified.decision;
      if (decision.action === 'hold')
        throw new ReleaseRefusedError('a confirmed message was judged to need holding again');
      stage = decision.action;
      const result = await actOn(deps, route, {
        key,
        raw,
        read: classified.read,
        decision,
        receivedAt: new Date(hold.heldAt),
      });
      const recorded = await deps.audit.append(
        decisionEntry('released', decision, subject, context(), result.outcome),
      );
      // Before the raw message goes: once it is gone a retry has nothing left to mark.
      await deps.holds.markReleased(holdKey, deps.clock.now().toISOString());
      stage = `${decision.action}-finish`;
      await result.finish?.();
      return processedOutcome(key.messageId, decision, recorded);
    } catch (error) {
      throw await stageFailed(deps.audit, stage, error, { subject, context: context(), decision });
    }
  };
}
