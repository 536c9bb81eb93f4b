/**
 * The retention sweep: deletes every object and record past its retention and records each
 * deletion in the audit log, the entry first. A run cut off between the two leaves an entry for
 * a deletion not yet made, never a deletion without an entry; the next run finds the same thing
 * still due, finds its entry already written (same key: a duplicate, not written again) and
 * deletes it. A run with nothing due reads, and writes nothing.
 */
import type { AuditLog } from '../pipeline/ports.ts';
import {
  type BatchPlan,
  type Deferral,
  type DeferralReason,
  type Deletion,
  type HoldSummary,
  messageOfKey,
  type PlanContext,
  planHolds,
  planLinks,
  planObjects,
} from './plan.ts';
import type { RetainedHolds, RetainedLinks, RetainedObjects } from './ports.ts';
import { OBJECT_TARGETS, PREFIX_OF, type RetentionPeriods, type RetentionTarget } from './rules.ts';

export interface SweepDependencies {
  readonly objects: RetainedObjects;
  readonly holds: RetainedHolds;
  readonly links: RetainedLinks;
  readonly audit: AuditLog;
  readonly periods: RetentionPeriods;
  /**
   * The shared mailboxes whose holds and links are swept; mailboxes found in the bucket's keys
   * are swept too, so a mailbox removed from the configuration leaves nothing behind.
   */
  readonly mailboxes: readonly string[];
  readonly actor: string;
  readonly auditRetentionYears: number;
}

export interface SweepOptions {
  readonly now: Date;
  /** Plan only: list what is due, delete and record nothing. */
  readonly dryRun?: boolean;
  /** Told of each deletion as it is made (or, in a dry run, would be). */
  readonly onDeletion?: (deletion: Deletion) => void;
}

/** One target's figures. */
export interface TargetTally {
  /** Past retention and to be deleted by this sweep. */
  due: number;
  /** Deleted by this run (0 in a dry run). */
  deleted: number;
  /** Past retention but left to another part of Caveat, by reason. */
  deferred: Partial<Record<DeferralReason, number>>;
  /** Still within retention. */
  kept: number;
  /** Due but the deletion failed; the next run tries again. */
  failed: number;
}

export interface SweepReport {
  readonly at: string;
  readonly dryRun: boolean;
  readonly targets: Readonly<Record<RetentionTarget, TargetTally>>;
  /** Entries this run wrote. */
  readonly recorded: number;
  /** Entries already written by an earlier, interrupted run (the deletion is finished now). */
  readonly alreadyRecorded: number;
  /** The first failures' error names (no keys, no messages), for the log. */
  readonly failures: readonly string[];
}

const TARGETS: readonly RetentionTarget[] = [...OBJECT_TARGETS, 'hold', 'portal-link'];
const MAX_FAILURES_KEPT = 10;

export function sweepRetention(deps: SweepDependencies) {
  return async (options: SweepOptions): Promise<SweepReport> => {
    const dryRun = options.dryRun === true;
    const context: PlanContext = {
      now: options.now,
      periods: deps.periods,
      actor: deps.actor,
      auditRetentionYears: deps.auditRetentionYears,
    };
    const targets = Object.fromEntries(
      TARGETS.map((target) => [target, { due: 0, deleted: 0, deferred: {}, kept: 0, failed: 0 }]),
    ) as Record<RetentionTarget, TargetTally>;
    const failures: string[] = [];
    let recorded = 0;
    let alreadyRecorded = 0;

    const carryOut = async <T>(plan: BatchPlan<T>, remove: (item: T) => Promise<void>) => {
      for (const { target, reason } of plan.deferred as Deferral[]) {
        const tally = targets[target];
        tally.deferred[reason] = (tally.deferred[reason] ?? 0) + 1;
      }
      for (const deletion of plan.deletions) {
        const tally = targets[deletion.target];
        tally.due += 1;
        options.onDeletion?.(deletion);
        if (dryRun) continue;
        try {
          // The entry first: nothing is ever deleted unrecorded.
          if ((await deps.audit.append(deletion.entry)) === 'recorded') recorded += 1;
          else alreadyRecorded += 1;
          await remove(deletion.item);
          tally.deleted += 1;
        } catch (error) {
          tally.failed += 1;
          if (failures.length < MAX_FAILURES_KEPT) failures.push((error as Error).name ?? 'Error');
        }
      }
    };
    const addKept = (target: RetentionTarget, plan: BatchPlan<unknown>) => {
      targets[target].kept += plan.kept;
    };

    const holdsByMailbox = new Map<string, readonly HoldSummary[]>();
    const holdsOf = async (mailbox: string) => {
      let holds = holdsByMailbox.get(mailbox);
      if (!holds) {
        holds = await deps.holds.ofMailbox(mailbox);
        holdsByMailbox.set(mailbox, holds);
      }
      return holds;
    };
    const holdMailboxes = new Set(deps.mailboxes);
    const linkMailboxes = new Set(deps.mailboxes);

    for (const target of OBJECT_TARGETS) {
      for await (const page of deps.objects.list(PREFIX_OF[target])) {
        const mailboxes = new Set(page.flatMap((object) => messageOfKey(target, object.key)?.mailbox ?? []));
        const undecided = new Set<string>();
        if (target === 'inbound') {
          for (const mailbox of mailboxes) {
            holdMailboxes.add(mailbox);
            for (const hold of await holdsOf(mailbox))
              if (!hold.decision) undecided.add(`${hold.mailbox}/${hold.messageId}`);
          }
        }
        if (target === 'ciphertext') for (const mailbox of mailboxes) linkMailboxes.add(mailbox);
        const plan = planObjects(target, page, context, (mailbox, messageId) =>
          undecided.has(`${mailbox}/${messageId}`),
        );
        addKept(target, plan);
        await carryOut(plan, (object) => deps.objects.remove(object.key));
      }
    }
    for (const mailbox of holdMailboxes) {
      const plan = planHolds(await holdsOf(mailbox), context);
      addKept('hold', plan);
      await carryOut(plan, (hold) => deps.holds.remove(hold.holdKey));
    }
    for (const mailbox of linkMailboxes) {
      const plan = planLinks(await deps.links.expiredOf(mailbox, options.now), context);
      addKept('portal-link', plan);
      await carryOut(plan, (link) => deps.links.remove(link.linkHash));
    }
    return { at: options.now.toISOString(), dryRun, targets, recorded, alreadyRecorded, failures };
  };
}

/** Deletions a report counts as failed, over every target. */
export function failedDeletions(report: SweepReport): number {
  return Object.values(report.targets).reduce((sum, tally) => sum + tally.failed, 0);
}
