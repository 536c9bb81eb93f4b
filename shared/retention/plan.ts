/**
 * Which objects and records are past their retention at `now`, and the audit entry recording
 * each deletion. Pure: listings in, deletions out; the sweep (sweep.ts) carries them out.
 *
 * Each entry's sort key is fixed by what it deletes (`<mailbox>#9#deleted#<target>`), never by
 * the time, so a run repeated after being cut off finds its entry already written (a duplicate)
 * and records nothing twice.
 */
import { type AuditContext, type AuditEntry, entryBase } from '../pipeline/audit-entry.ts';
import type { HoldRecord, PortalLinkRecord } from '../pipeline/ports.ts';
import type { Classification } from '../policy/decision.ts';
import {
  type ObjectTarget,
  PREFIX_OF,
  type RetentionPeriods,
  type RetentionRule,
  type RetentionTarget,
  retentionDays,
  retentionRules,
} from './rules.ts';

const DAY_MS = 86_400_000;
const MESSAGE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** An object as the bucket lists it. */
export interface ListedObject {
  readonly key: string;
  readonly lastModified: Date;
}

/** A hold record, without the sender's address (the sweeper never reads it). */
export type HoldSummary = Pick<
  HoldRecord,
  'holdKey' | 'messageId' | 'mailbox' | 'objectKey' | 'classification' | 'heldAt' | 'expiresAt' | 'decision'
>;

/** A portal link record, without its hash (audit entries never carry it). */
export type LinkSummary = Pick<
  PortalLinkRecord,
  'messageId' | 'mailbox' | 'ciphertextKey' | 'classification' | 'createdAt' | 'expiresAt'
>;

/** One deletion: what to delete and the entry recording it, written first. */
export interface Deletion {
  readonly target: RetentionTarget;
  readonly entry: AuditEntry;
}

/** Why something past its retention is left: another part of Caveat deletes and records it. */
export type DeferralReason =
  /** An undecided hold: the confirmation expiry decides it, records `hold-expired` and deletes the message. */
  | 'awaiting-confirmation-expiry'
  /** A key not of the form `<prefix><mailbox>/<message id>`: it names no message to record; lifecycle removes it. */
  | 'unrecognised-key';

export interface Deferral {
  readonly target: RetentionTarget;
  readonly reason: DeferralReason;
}

/** What a batch of candidates comes to. */
export interface BatchPlan<T> {
  readonly deletions: readonly (Deletion & { readonly item: T })[];
  readonly deferred: readonly Deferral[];
  /** Candidates still within their retention. */
  readonly kept: number;
}

/** What the entries need besides the candidate: the time, the actor and the audit retention. */
export interface PlanContext {
  readonly now: Date;
  readonly periods: RetentionPeriods;
  readonly actor: string;
  readonly auditRetentionYears: number;
}

/** The time `target`'s object stored at `lastModified` is due for deletion. */
export function objectDueAt(periods: RetentionPeriods, target: ObjectTarget, lastModified: Date): Date {
  return new Date(lastModified.getTime() + retentionDays(periods, target) * DAY_MS);
}

/** The mailbox and message id of `<prefix><mailbox>/<message id>`, or undefined for any other key. */
export function messageOfKey(
  target: ObjectTarget,
  key: string,
): { mailbox: string; messageId: string } | undefined {
  const prefix = PREFIX_OF[target];
  if (!key.startsWith(prefix)) return undefined;
  const parts = key.slice(prefix.length).split('/');
  const [mailbox, messageId] = parts;
  if (parts.length !== 2 || !mailbox?.includes('@') || !messageId || !MESSAGE_ID.test(messageId))
    return undefined;
  return { mailbox: mailbox.toLowerCase(), messageId };
}

/** The entry recording one deletion under `rule`. Carries keys, times and the rule, never content. */
export function deletionEntry(
  rule: RetentionRule,
  subject: { readonly messageId: string; readonly mailbox: string; readonly objectKey: string },
  context: PlanContext,
  detail: {
    readonly seqSuffix?: string;
    readonly classification?: Classification;
    readonly storedAt: string;
    readonly dueAt: string;
  },
): AuditEntry {
  const audit: AuditContext = {
    at: context.now,
    actor: context.actor,
    retentionYears: context.auditRetentionYears,
  };
  return {
    ...entryBase(subject, audit),
    seq: `${subject.mailbox}#9#deleted#${rule.target}${detail.seqSuffix ?? ''}`,
    stage: 'deleted',
    ...(detail.classification ? { classification: detail.classification } : {}),
    ruleId: rule.id,
    rules: [{ id: rule.id, paragraphs: rule.paragraphs, reason: rule.reason }],
    outcome: { reason: 'retention', target: rule.target, storedAt: detail.storedAt, dueAt: detail.dueAt },
  };
}

/**
 * Objects of one prefix: due once `lastModified` + the prefix's retention is reached. Raw mail of
 * an undecided hold is left to the confirmation expiry, which records `hold-expired` and deletes
 * it; `undecidedHold` says whether a message is held undecided.
 */
export function planObjects(
  target: ObjectTarget,
  objects: readonly ListedObject[],
  context: PlanContext,
  undecidedHold: (mailbox: string, messageId: string) => boolean = () => false,
): BatchPlan<ListedObject> {
  const rule = retentionRules(context.periods)[target];
  const deletions: (Deletion & { item: ListedObject })[] = [];
  const deferred: Deferral[] = [];
  let kept = 0;
  for (const object of objects) {
    const dueAt = objectDueAt(context.periods, target, object.lastModified);
    if (dueAt.getTime() > context.now.getTime()) {
      kept += 1;
      continue;
    }
    const message = messageOfKey(target, object.key);
    if (!message) {
      deferred.push({ target, reason: 'unrecognised-key' });
      continue;
    }
    if (target === 'inbound' && undecidedHold(message.mailbox, message.messageId)) {
      deferred.push({ target, reason: 'awaiting-confirmation-expiry' });
      continue;
    }
    deletions.push({
      target,
      item: object,
      entry: deletionEntry(rule, { ...message, objectKey: object.key }, context, {
        storedAt: object.lastModified.toISOString(),
        dueAt: dueAt.toISOString(),
      }),
    });
  }
  return { deletions, deferred, kept };
}

const epochToIso = (seconds: number) => new Date(seconds * 1000).toISOString();
const isDue = (expiresAt: number, now: Date) => expiresAt * 1000 <= now.getTime();

/**
 * Hold records: due once the hold expires (`expiresAt`), and only once decided. An undecided hold
 * is the confirmation expiry's to decide (it finds holds by their missing decision), so it stays.
 */
export function planHolds(holds: readonly HoldSummary[], context: PlanContext): BatchPlan<HoldSummary> {
  const rule = retentionRules(context.periods).hold;
  const deletions: (Deletion & { item: HoldSummary })[] = [];
  const deferred: Deferral[] = [];
  let kept = 0;
  for (const hold of holds) {
    if (!isDue(hold.expiresAt, context.now)) kept += 1;
    else if (!hold.decision) deferred.push({ target: 'hold', reason: 'awaiting-confirmation-expiry' });
    else
      deletions.push({
        target: 'hold',
        item: hold,
        entry: deletionEntry(rule, hold, context, {
          classification: hold.classification,
          storedAt: hold.heldAt,
          dueAt: epochToIso(hold.expiresAt),
        }),
      });
  }
  return { deletions, deferred, kept };
}

/**
 * Portal link records: due once the link expires. A message may have more than one link, so the
 * entry's key ends with the link's creation time (the link's hash is never recorded).
 */
export function planLinks<T extends LinkSummary>(links: readonly T[], context: PlanContext): BatchPlan<T> {
  const rule = retentionRules(context.periods)['portal-link'];
  const deletions: (Deletion & { item: T })[] = [];
  let kept = 0;
  for (const link of links) {
    if (!isDue(link.expiresAt, context.now)) {
      kept += 1;
      continue;
    }
    deletions.push({
      target: 'portal-link',
      item: link,
      entry: deletionEntry(
        rule,
        { messageId: link.messageId, mailbox: link.mailbox, objectKey: link.ciphertextKey },
        context,
        {
          seqSuffix: `#${link.createdAt}`,
          classification: link.classification,
          storedAt: link.createdAt,
          dueAt: epochToIso(link.expiresAt),
        },
      ),
    });
  }
  return { deletions, deferred: [], kept };
}
