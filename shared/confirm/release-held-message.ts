/**
 * A confirmed message is accepted and processed (DWP Email Policy 3.10): read again from where
 * SES wrote it, classified again with the sender confirmed, then protected or delivered by the
 * same stages as any other message, and recorded as `released`.
 */
import { createHash } from 'node:crypto';
import { type AuditSubject, decisionEntry } from '../pipeline/audit-entry.ts';
import { parseInboundKey } from '../pipeline/mail-keys.ts';
import type { HoldRecord } from '../pipeline/ports.ts';
import { actOn, type ProcessDependencies } from '../pipeline/process-inbound-mail.ts';
import type { Action } from '../policy/decision.ts';

/** The released message was judged to need holding again, which confirmation should rule out. */
export class ReleaseRefusedError extends Error {
  override readonly name = 'ReleaseRefusedError';
}

export function releaseHeldMessage(deps: ProcessDependencies) {
  return async (hold: HoldRecord): Promise<Action> => {
    const key = parseInboundKey(hold.objectKey);
    const route = deps.mailboxes.get(key.mailbox);
    if (!route) throw new ReleaseRefusedError(`no mailbox is configured for ${key.mailbox}`);
    const raw = await deps.store.read(hold.objectKey);
    const { decision, read } = await route.classify(raw, { senderConfirmed: true });
    if (decision.action === 'hold')
      throw new ReleaseRefusedError('a confirmed message was judged to need holding again');
    const result = await actOn(deps, route, { key, raw, read, decision, receivedAt: new Date(hold.heldAt) });
    const subject: AuditSubject = {
      messageId: key.messageId,
      mailbox: key.mailbox,
      objectKey: hold.objectKey,
      rawBytes: raw.byteLength,
      rawSha256: createHash('sha256').update(raw).digest('hex'),
    };
    await deps.audit.append(
      decisionEntry(
        'released',
        decision,
        subject,
        {
          at: deps.clock.now(),
          actor: deps.actor,
          retentionYears: deps.auditRetentionYears,
        },
        result.outcome,
      ),
    );
    await result.finish?.();
    return decision.action;
  };
}
