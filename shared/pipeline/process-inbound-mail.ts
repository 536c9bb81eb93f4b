/**
 * The pipeline for one raw message SES wrote to the mail bucket: classify it, record the
 * decision, then hold, protect, deliver or quarantine it and record what was done.
 *
 * Every step is safe to repeat, because S3 and SQS deliver at least once: audit entries are
 * keyed by message and stage, sends go through the notification ledger, and the raw object is
 * moved or deleted only after the stage's audit entry exists. A failure records an error entry,
 * leaves the raw message where it is, and is rethrown so the queue retries or dead-letters it.
 */
import { createHash } from 'node:crypto';
import type { MailReadOutcome } from '../mail/inbound-mail.ts';
import type { Action, Decision } from '../policy/decision.ts';
import type { ReportKind } from '../reports/report-summary.ts';
import {
  type AuditContext,
  type AuditEntry,
  type AuditSubject,
  decidingRuleId,
  decisionEntry,
  errorEntry,
} from './audit-entry.ts';
import type { ClassifiedMessage, ClassifyOptions } from './classify.ts';
import { type InboundKey, parseInboundKey } from './mail-keys.ts';
import type { AuditLog, Clock, MailStore } from './ports.ts';
import type { ReportOutcome } from './process-report-mail.ts';
import type { StageInput, StageResult } from './stages/stage.ts';

/** A shared mailbox as the pipeline needs it. */
export interface MailboxRoute {
  readonly teamMailbox: string;
  /** Classifies a raw message under this mailbox's policy pack. */
  readonly classify: (raw: Uint8Array, options?: ClassifyOptions) => Promise<ClassifiedMessage>;
  /** Judges a message too large to read, under the same pack. */
  readonly judgeOversized: (sizeBytes: number, maxRawBytes: number) => Decision;
}

export type ActionStage = (input: StageInput) => Promise<StageResult>;

export interface ProcessDependencies {
  readonly store: MailStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly mailboxes: ReadonlyMap<string, MailboxRoute>;
  readonly stages: Readonly<Record<Action, ActionStage>>;
  /** Messages larger than this are never loaded into memory; they are quarantined unread. */
  readonly maxRawBytes: number;
  readonly auditRetentionYears: number;
  /** Recorded as the actor of every entry, e.g. `caveat-ingest`. */
  readonly actor: string;
  /** Reporting addresses: their mail is parsed as DMARC or TLS reports, never classified. */
  readonly reports?: {
    readonly addresses: ReadonlyMap<string, ReportKind>;
    readonly process: (key: InboundKey, kind: ReportKind) => Promise<ReportOutcome>;
  };
}

export type ProcessOutcome =
  | {
      readonly status: 'processed';
      readonly messageId: string;
      readonly classification: Decision['classification'];
      readonly action: Action;
      readonly ruleId?: string;
      /** Whether the classify entry was new or already recorded by an earlier delivery. */
      readonly audit: 'recorded' | 'duplicate';
    }
  /** The raw object is no longer there: an earlier delivery of the event finished the work. */
  | { readonly status: 'already-processed'; readonly messageId: string }
  /** A DMARC or TLS report, parsed (or found malformed) and recorded. */
  | Extract<ReportOutcome, { status: 'report' }>;

/** The mailbox is not configured: the message cannot be routed, and stays where it is. */
export class UnroutableMailError extends Error {
  override readonly name = 'UnroutableMailError';
}

/** Wraps a stage failure with the stage's name; the message holds no personal data. */
export class StageFailedError extends Error {
  override readonly name = 'StageFailedError';
  readonly stage: string;
  readonly code: string;
  constructor(stage: string, code: string, cause: unknown) {
    super(`stage ${stage} failed: ${code}`, { cause });
    this.stage = stage;
    this.code = code;
  }
}

export function processInboundMail(deps: ProcessDependencies) {
  return async (objectKey: string): Promise<ProcessOutcome> => {
    const key = parseInboundKey(objectKey);
    const reportKind = deps.reports?.addresses.get(key.mailbox);
    if (reportKind && deps.reports) return deps.reports.process(key, reportKind);
    const route = deps.mailboxes.get(key.mailbox);
    const context = (): AuditContext => ({
      at: deps.clock.now(),
      actor: deps.actor,
      retentionYears: deps.auditRetentionYears,
    });
    let subject: AuditSubject = { messageId: key.messageId, mailbox: key.mailbox, objectKey };
    let stage = 'read';
    let decision: Decision | undefined;
    try {
      if (!route) {
        stage = 'route';
        throw new UnroutableMailError(`no mailbox is configured for ${key.mailbox}`);
      }
      const size = await deps.store.size(objectKey);
      if (size === undefined) return { status: 'already-processed', messageId: key.messageId };

      let raw: Uint8Array | undefined;
      let read: MailReadOutcome | undefined;
      if (size > deps.maxRawBytes) {
        decision = route.judgeOversized(size, deps.maxRawBytes);
        subject = { ...subject, rawBytes: size };
      } else {
        raw = await deps.store.read(objectKey);
        subject = { ...subject, rawBytes: raw.byteLength, rawSha256: sha256(raw) };
        stage = 'classify';
        ({ decision, read } = await route.classify(raw));
      }
      const receivedAt = deps.clock.now();
      stage = 'record';
      const recorded = await deps.audit.append(decisionEntry('classify', decision, subject, context()));

      stage = decision.action;
      const result = await actOn(deps, route, { key, raw, read, decision, receivedAt });
      await deps.audit.append(decisionEntry(decision.action, decision, subject, context(), result.outcome));
      stage = `${decision.action}-finish`;
      await result.finish?.();
      return processedOutcome(key.messageId, decision, recorded);
    } catch (error) {
      throw await stageFailed(deps.audit, stage, error, { subject, context: context(), decision });
    }
  };
}

/** What the handler logs of a decided message: ids, classification, action and deciding rule. */
export function processedOutcome(
  messageId: string,
  decision: Decision,
  audit: 'recorded' | 'duplicate',
): Extract<ProcessOutcome, { status: 'processed' }> {
  const ruleId = decidingRuleId(decision);
  return {
    status: 'processed',
    messageId,
    classification: decision.classification,
    action: decision.action,
    ...(ruleId ? { ruleId } : {}),
    audit,
  };
}

/** Records a stage's failure as an error entry, and returns the error to rethrow, naming the stage. */
export async function stageFailed(
  audit: AuditLog,
  stage: string,
  error: unknown,
  about: { readonly subject: AuditSubject; readonly context: AuditContext; readonly decision?: Decision },
): Promise<StageFailedError> {
  const code = errorCode(error);
  await recordFailure(
    audit,
    errorEntry(stage, code, describe(error), about.subject, about.context, about.decision),
  );
  return new StageFailedError(stage, code, error);
}

/** Runs the action stage the decision names, for the message's mailbox. */
export function actOn(
  deps: Pick<ProcessDependencies, 'stages'>,
  route: MailboxRoute,
  message: {
    readonly key: InboundKey;
    readonly raw: Uint8Array | undefined;
    readonly read: MailReadOutcome | undefined;
    readonly decision: Decision;
    readonly receivedAt: Date;
  },
): Promise<StageResult> {
  const { key, raw, read, decision, receivedAt } = message;
  return deps.stages[decision.action]({
    key,
    raw,
    read,
    decision,
    teamMailbox: route.teamMailbox,
    notice: { messageId: key.messageId, mailbox: key.mailbox, receivedAt },
  });
}

async function recordFailure(audit: AuditLog, entry: AuditEntry): Promise<void> {
  // The failure itself is rethrown; a log that is also down must not hide it.
  await audit.append(entry).catch(() => undefined);
}

function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * A stable error code: the AWS error name, or the error class; for a plain `Error`, the system
 * code it carries (`ECONNREFUSED` when a service is down), which says more and holds no input.
 */
function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return 'UnknownError';
  const { code } = error as Error & { code?: unknown };
  if ((error.name === 'Error' || !error.name) && typeof code === 'string' && /^E[A-Z_]+$/.test(code))
    return code;
  return error.name || 'Error';
}

/**
 * The error's own message only for the pipeline's errors, which are written free of message
 * content; third-party messages may quote input, so only their class is kept.
 */
function describe(error: unknown): string {
  if (error instanceof UnroutableMailError) return error.message;
  if (error instanceof Error) return `${error.name} (see the function's logs for the request id)`;
  return 'unknown failure';
}
