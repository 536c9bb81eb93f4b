/**
 * Audit entries: one per pipeline stage per message, built from the decision as plain values.
 * They carry what was decided and why (rules with their paragraphs, policy version, hashes of
 * the raw object), never the personal data itself: finding types and counts, no values or
 * masked samples, and the sender's domain, not the address.
 */
import type { FindingType } from '../detect/detection.ts';
import type { SesVerdicts } from '../mail/inbound-mail.ts';
import type { Action, Classification, Decision, SenderTrust } from '../policy/decision.ts';
import type { ReportSummary } from '../reports/report-summary.ts';

/** The steps after a hold (DWP Email Policy 3.10): asking, the answer, and the release. */
export type HoldStage = 'confirm-request' | 'confirmed' | 'not-me' | 'hold-expired' | 'released';

/** An officer's access through the portal: a view, a download, a revocation or a refused attempt. */
export type PortalStage = 'portal-view' | 'portal-download' | 'portal-revoke' | 'portal-refused';

/** The retention sweeper deleted something the message left behind (shared/retention). */
export type RetentionStage = 'deleted';

export type AuditStage = 'classify' | Action | HoldStage | PortalStage | 'report' | RetentionStage | 'error';

/** A pipeline stage: one entry per message, written by the ingest function. */
export type PipelineStage = Exclude<AuditStage, 'error' | PortalStage | 'report' | RetentionStage>;

/** Stage order within one message; the sort key starts with it so a message's entries read in order. */
const STAGE_ORDER: Record<PipelineStage, number> = {
  classify: 1,
  quarantine: 2,
  hold: 2,
  protect: 2,
  deliver: 2,
  'confirm-request': 3,
  confirmed: 4,
  'not-me': 4,
  'hold-expired': 4,
  released: 5,
};

export type AuditOutcomeValue = string | number | boolean;

export interface AuditEntry {
  /** The SES message id (the raw object's file name). */
  readonly messageId: string;
  /**
   * Sort key: `<mailbox>#<order>#<stage>`, or `<mailbox>#9#error#<at>` so every failed attempt is
   * kept. SES gives a message sent to two shared addresses one id, so the mailbox is part of it.
   */
  readonly seq: string;
  readonly stage: AuditStage;
  /** ISO-8601 time of the entry. */
  readonly at: string;
  /** `YYYY-MM-DD` (UTC) of `at`, for the by-day index. */
  readonly day: string;
  readonly mailbox: string;
  readonly objectKey: string;
  readonly rawSha256?: string;
  readonly rawBytes?: number;
  readonly classification?: Classification;
  readonly action?: Action;
  /** The action rule that decided the message (first match). */
  readonly ruleId?: string;
  readonly rules?: readonly {
    readonly id: string;
    readonly paragraphs: readonly string[];
    readonly reason: string;
    readonly detail?: string;
  }[];
  readonly findings?: readonly { readonly type: FindingType; readonly count: number }[];
  readonly policyId?: string;
  readonly policyVersion?: string;
  readonly senderDomain?: string;
  readonly senderTrust?: SenderTrust;
  readonly verdicts?: SesVerdicts;
  /** Who acted: the pipeline component. */
  readonly actor: string;
  /**
   * The officer who acted, for portal accesses (view, download, revoke): their sign-in id, the
   * key of the by-officer index. Absent for the pipeline's own entries.
   */
  readonly officer?: string;
  /** What the stage did, e.g. `{ ciphertextKey, notified: true }`. Never personal data. */
  readonly outcome?: Readonly<Record<string, AuditOutcomeValue>>;
  readonly error?: { readonly stage: string; readonly code: string; readonly message: string };
  /** A DMARC or TLS report received at a reporting address: totals and failing sources. */
  readonly report?: ReportSummary;
  /** Epoch seconds after which DynamoDB TTL removes the entry (retention.auditYears). */
  readonly purgeAfter: number;
}

/** Identity of the message an entry is about. */
export interface AuditSubject {
  readonly messageId: string;
  readonly mailbox: string;
  readonly objectKey: string;
  readonly rawSha256?: string;
  readonly rawBytes?: number;
}

export interface AuditContext {
  readonly at: Date;
  readonly actor: string;
  readonly retentionYears: number;
}

/** The fields every entry shares: the subject, the time and day, the actor, and the purge time. */
export function entryBase(subject: AuditSubject, context: AuditContext) {
  const at = context.at.toISOString();
  const purge = new Date(context.at);
  purge.setUTCFullYear(purge.getUTCFullYear() + context.retentionYears);
  return {
    messageId: subject.messageId,
    at,
    day: at.slice(0, 10),
    mailbox: subject.mailbox,
    objectKey: subject.objectKey,
    ...(subject.rawSha256 ? { rawSha256: subject.rawSha256 } : {}),
    ...(subject.rawBytes !== undefined ? { rawBytes: subject.rawBytes } : {}),
    actor: context.actor,
    purgeAfter: Math.floor(purge.getTime() / 1000),
  };
}

/** The id of the action rule that decided the message. */
export function decidingRuleId(decision: Decision): string | undefined {
  return decision.rules.find((rule) => rule.effect.kind === 'action')?.id;
}

/** The entry for a classify or action stage: the decision, summarised without personal data. */
export function decisionEntry(
  stage: PipelineStage,
  decision: Decision,
  subject: AuditSubject,
  context: AuditContext,
  outcome?: Readonly<Record<string, AuditOutcomeValue>>,
): AuditEntry {
  const ruleId = decidingRuleId(decision);
  return {
    ...entryBase(subject, context),
    seq: `${subject.mailbox}#${STAGE_ORDER[stage]}#${stage}`,
    stage,
    classification: decision.classification,
    action: decision.action,
    ...(ruleId ? { ruleId } : {}),
    rules: decision.rules.map((rule) => ({
      id: rule.id,
      paragraphs: rule.paragraphs,
      reason: rule.reason,
      ...(rule.detail ? { detail: rule.detail } : {}),
    })),
    findings: decision.findings.map((finding) => ({ type: finding.type, count: finding.count })),
    policyId: decision.policy.id,
    policyVersion: decision.policy.version,
    ...(decision.sender.domain ? { senderDomain: decision.sender.domain } : {}),
    senderTrust: decision.sender.trust,
    verdicts: decision.verdicts,
    ...(outcome ? { outcome } : {}),
  };
}

/** The entry recording that a stage failed. `message` must already be free of personal data. */
export function errorEntry(
  failedStage: string,
  code: string,
  message: string,
  subject: AuditSubject,
  context: AuditContext,
  decision?: Decision,
): AuditEntry {
  const at = context.at.toISOString();
  return {
    ...entryBase(subject, context),
    seq: `${subject.mailbox}#9#error#${at}`,
    stage: 'error',
    ...(decision
      ? {
          classification: decision.classification,
          policyId: decision.policy.id,
          policyVersion: decision.policy.version,
        }
      : {}),
    error: { stage: failedStage, code, message },
  };
}

/**
 * The entry for a DMARC or TLS report received at a reporting address, parsed or not. Reports
 * describe mail servers, not people: reporters, periods, counts and the sending servers' IPs.
 */
export function reportEntry(
  report: ReportSummary,
  subject: AuditSubject,
  context: AuditContext,
  outcome?: Readonly<Record<string, AuditOutcomeValue>>,
): AuditEntry {
  return {
    ...entryBase(subject, context),
    seq: `${subject.mailbox}#1#report`,
    stage: 'report',
    report,
    ...(outcome ? { outcome } : {}),
  };
}

/** What a hold-stage entry is about: the held message as its hold record describes it. */
export interface HeldSubject extends AuditSubject {
  readonly classification: Classification;
  readonly policy: { readonly id: string; readonly version: string };
}

/**
 * The entry of a step after the hold (request, answer, expiry), from the hold record alone:
 * the classification and policy it was held under, and what was done. Never the sender, the
 * contact point or the citizen reference.
 */
export function holdEntry(
  stage: Exclude<HoldStage, 'released'>,
  subject: HeldSubject,
  context: AuditContext,
  outcome: Readonly<Record<string, AuditOutcomeValue>>,
): AuditEntry {
  return {
    ...entryBase(subject, context),
    seq: `${subject.mailbox}#${STAGE_ORDER[stage]}#${stage}`,
    stage,
    classification: subject.classification,
    action: 'hold',
    policyId: subject.policy.id,
    policyVersion: subject.policy.version,
    outcome,
  };
}
