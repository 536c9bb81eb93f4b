/**
 * The citizen's answer to a confirmation request, and holds nobody answered. Confirm records the
 * decision and asks for the held message to be released into the pipeline (the ingest function
 * does it, from its queue); "this was not me" and expiry delete it. A link works once: the
 * decision is a conditional write, so a replayed or raced link finds the hold already decided.
 */
import { type AuditContext, holdEntry } from '../pipeline/audit-entry.ts';
import { linkHash } from '../pipeline/link-hash.ts';
import type {
  AuditLog,
  Clock,
  HoldDecision,
  HoldRecord,
  HoldRegister,
  MailStore,
  ReleaseRequests,
} from '../pipeline/ports.ts';
import { TOKEN_SHAPE } from './confirmation-link.ts';

export interface AnswerDependencies {
  readonly holds: HoldRegister;
  readonly store: MailStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Where a confirmed hold goes to be released. */
  readonly releases: ReleaseRequests;
  readonly actor: string;
  readonly auditRetentionYears: number;
}

/**
 * What the confirmation page shows for a link. Personal data never reaches the page: only the
 * shared mailbox the message came to (which also sets the page's languages) and when.
 */
export type ConfirmationView =
  | {
      readonly state: 'pending';
      readonly mailbox: string;
      readonly receivedAt: Date;
      readonly confirmBy: Date;
    }
  | { readonly state: 'used' | 'expired'; readonly mailbox: string }
  | { readonly state: 'unknown' };

export type Answer = 'confirm' | 'not-me';

export type AnswerResult =
  | { readonly state: 'confirmed' | 'not-me' | 'used' | 'expired'; readonly mailbox: string }
  | { readonly state: 'unknown' };

const epoch = (date: Date) => Math.floor(date.getTime() / 1000);
/** Far longer than a release takes, even retried: a confirmed hold older than this is stuck. */
const STUCK_RELEASE_MS = 15 * 60 * 1000;

export function confirmationService(deps: AnswerDependencies) {
  const context = (): AuditContext => ({
    at: deps.clock.now(),
    actor: deps.actor,
    retentionYears: deps.auditRetentionYears,
  });
  const subject = (hold: HoldRecord) => ({
    messageId: hold.messageId,
    mailbox: hold.mailbox,
    objectKey: hold.objectKey,
    classification: hold.classification,
    policy: hold.policy,
  });
  const lapsed = (hold: HoldRecord) => epoch(deps.clock.now()) >= (hold.confirmBy ?? hold.expiresAt);

  const find = async (token: string) =>
    TOKEN_SHAPE.test(token) ? deps.holds.findByConfirmation(linkHash(token)) : undefined;

  /** Records the end of a hold without release, then deletes the held message. */
  const discard = async (
    hold: HoldRecord,
    decision: Exclude<HoldDecision, 'confirmed'>,
  ): Promise<boolean> => {
    if (!(await deps.holds.decide(hold.holdKey, decision, deps.clock.now().toISOString()))) return false;
    const stage = decision === 'expired' ? 'hold-expired' : 'not-me';
    await deps.audit.append(holdEntry(stage, subject(hold), context(), { decision, deleted: true }));
    // After the entry: a failed delete leaves a recorded decision, and the raw-mail lifecycle rule as a backstop.
    await deps.store.remove(hold.objectKey);
    return true;
  };

  return {
    /** For the page's GET: reads only, changes nothing. */
    async view(token: string): Promise<ConfirmationView> {
      const hold = await find(token);
      if (!hold) return { state: 'unknown' };
      const { mailbox } = hold;
      if (hold.decision) return { state: hold.decision === 'expired' ? 'expired' : 'used', mailbox };
      if (lapsed(hold)) return { state: 'expired', mailbox };
      return {
        state: 'pending',
        mailbox,
        receivedAt: new Date(hold.heldAt),
        confirmBy: new Date((hold.confirmBy ?? hold.expiresAt) * 1000),
      };
    },

    async answer(token: string, answer: Answer): Promise<AnswerResult> {
      const hold = await find(token);
      if (!hold) return { state: 'unknown' };
      const { mailbox } = hold;
      if (hold.decision === 'confirmed' && (await deps.store.size(hold.objectKey)) !== undefined) {
        // Confirmed but not yet released (queued, or the request was lost): ask again; it runs once.
        await deps.releases.request(hold.holdKey);
        return { state: 'confirmed', mailbox };
      }
      if (hold.decision) return { state: hold.decision === 'expired' ? 'expired' : 'used', mailbox };
      if (lapsed(hold)) {
        await discard(hold, 'expired');
        return { state: 'expired', mailbox };
      }
      if (answer === 'not-me') return { state: (await discard(hold, 'not-me')) ? 'not-me' : 'used', mailbox };
      if (!(await deps.holds.decide(hold.holdKey, 'confirmed', deps.clock.now().toISOString())))
        return { state: 'used', mailbox };
      await deps.audit.append(holdEntry('confirmed', subject(hold), context(), { decision: 'confirmed' }));
      await deps.releases.request(hold.holdKey);
      return { state: 'confirmed', mailbox };
    },

    /**
     * Asks again for releases confirmed over a quarter of an hour ago and not yet done, whose
     * message is still held: the page's request may never have reached the queue. Returns how
     * many. A release already under way is not repeated (the ingest releases a hold once).
     */
    async requestStuckReleases(): Promise<number> {
      const before = new Date(deps.clock.now().getTime() - STUCK_RELEASE_MS).toISOString();
      let requested = 0;
      for (const hold of await deps.holds.unreleased(before)) {
        if ((await deps.store.size(hold.objectKey)) === undefined) continue;
        await deps.releases.request(hold.holdKey);
        requested += 1;
      }
      return requested;
    },

    /** Deletes every held message nobody confirmed in time; returns how many. Safe to run often. */
    async expireLapsed(): Promise<number> {
      let expired = 0;
      for (const hold of await deps.holds.lapsed(epoch(deps.clock.now())))
        if (await discard(hold, 'expired')) expired += 1;
      return expired;
    },
  };
}

export type ConfirmationService = ReturnType<typeof confirmationService>;
