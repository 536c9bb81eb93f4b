/**
 * The report stage: mail to a reporting address (DMARC aggregate `rua`, TLS-RPT `rua`) is not a
 * citizen's message, so it is parsed instead of classified. Each report gets one audit entry
 * (totals and failing sources, or why it could not be read) and the raw message is kept under
 * `reports/`. A malformed report is recorded and kept, never retried; only a failure of the store
 * or the audit log is thrown, so the queue retries it.
 */
import { createHash } from 'node:crypto';
import { MalformedReportError } from '../reports/report-error.ts';
import { malformedSummary, type ReportKind, type ReportSummary } from '../reports/report-summary.ts';
import { type AuditContext, type AuditSubject, errorEntry, reportEntry } from './audit-entry.ts';
import { type InboundKey, reportKey } from './mail-keys.ts';
import type { AuditLog, Clock, MailStore } from './ports.ts';
import { StageFailedError } from './process-inbound-mail.ts';

export interface ReportDependencies {
  readonly store: MailStore;
  readonly audit: AuditLog;
  readonly clock: Clock;
  /** Reads the report a message carries; throws MalformedReportError when it cannot. */
  readonly read: (raw: Uint8Array, kind: ReportKind) => Promise<ReportSummary>;
  readonly maxRawBytes: number;
  readonly auditRetentionYears: number;
  readonly actor: string;
}

export type ReportOutcome =
  | {
      readonly status: 'report';
      readonly messageId: string;
      readonly kind: ReportKind;
      readonly result: ReportSummary['status'];
      /** DMARC: messages failing DMARC; TLS-RPT: failed sessions. */
      readonly failures: number;
      readonly audit: 'recorded' | 'duplicate';
    }
  | { readonly status: 'already-processed'; readonly messageId: string };

export function processReportMail(deps: ReportDependencies) {
  return async (key: InboundKey, kind: ReportKind): Promise<ReportOutcome> => {
    const context = (): AuditContext => ({
      at: deps.clock.now(),
      actor: deps.actor,
      retentionYears: deps.auditRetentionYears,
    });
    let subject: AuditSubject = { messageId: key.messageId, mailbox: key.mailbox, objectKey: key.objectKey };
    let stage = 'read';
    try {
      const size = await deps.store.size(key.objectKey);
      if (size === undefined) return { status: 'already-processed', messageId: key.messageId };
      let summary: ReportSummary;
      if (size > deps.maxRawBytes) {
        subject = { ...subject, rawBytes: size };
        summary = malformedSummary(
          kind,
          `message is ${size} bytes, over the ${deps.maxRawBytes}-byte limit; it was not read`,
        );
      } else {
        const raw = await deps.store.read(key.objectKey);
        subject = {
          ...subject,
          rawBytes: raw.byteLength,
          rawSha256: createHash('sha256').update(raw).digest('hex'),
        };
        stage = 'report';
        summary = await deps.read(raw, kind).catch((error: unknown) => {
          if (error instanceof MalformedReportError) return malformedSummary(kind, error.message);
          throw error;
        });
      }
      stage = 'record';
      const kept = reportKey(key);
      const audit = await deps.audit.append(reportEntry(summary, subject, context(), { keptAs: kept }));
      stage = 'report-finish';
      await deps.store.move(key.objectKey, kept);
      return {
        status: 'report',
        messageId: key.messageId,
        kind,
        result: summary.status,
        failures: summary.failingMessages ?? summary.failedSessions ?? 0,
        audit,
      };
    } catch (error) {
      const code = error instanceof Error ? error.name || 'Error' : 'UnknownError';
      const message = `${code} (see the function's logs for the request id)`;
      await deps.audit.append(errorEntry(stage, code, message, subject, context())).catch(() => undefined);
      throw new StageFailedError(stage, code, error);
    }
  };
}
