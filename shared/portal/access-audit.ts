/**
 * The audit entry for one portal access: who (the officer's subject id), what (the stage, the
 * message, the reason a refusal was given), when, and from where (source address and request
 * id). Entries never carry message content, the link token or its hash.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry, PortalStage } from '../pipeline/audit-entry.ts';
import type { Classification } from '../policy/decision.ts';

/** Why the portal refused a request; shown to auditors, and chosen from, never free text. */
export type RefusalReason =
  | 'unknown-link'
  | 'rate-limited'
  | 'expired'
  | 'revoked'
  | 'not-entitled'
  | 'not-found'
  | 'ciphertext-refused';

/** The subject of a refusal that names no message (an unknown link). */
export const NO_MESSAGE = {
  messageId: 'portal-no-message',
  mailbox: 'portal-no-mailbox',
  objectKey: '-',
} as const;

export interface AccessRecord {
  readonly stage: PortalStage;
  readonly at: Date;
  /** The officer's subject id, or `anonymous` before sign-in. */
  readonly officer: string;
  readonly sourceIp: string;
  readonly requestId: string;
  readonly message: { readonly messageId: string; readonly mailbox: string; readonly objectKey: string };
  readonly classification?: Classification;
  readonly reason?: RefusalReason;
  /** The attachment's position, for downloads. */
  readonly attachment?: number;
  /** An error's name, for refusals caused by one (e.g. a context mismatch). */
  readonly code?: string;
  readonly retentionYears: number;
}

export function accessEntry(record: AccessRecord): AuditEntry {
  const at = record.at.toISOString();
  const purge = new Date(record.at);
  purge.setUTCFullYear(purge.getUTCFullYear() + record.retentionYears);
  return {
    messageId: record.message.messageId,
    // Every access is its own entry, never taken for a redelivered duplicate of another.
    seq: `${record.message.mailbox}#8#${record.stage}#${at}#${randomUUID()}`,
    stage: record.stage,
    at,
    day: at.slice(0, 10),
    mailbox: record.message.mailbox,
    objectKey: record.message.objectKey,
    ...(record.classification ? { classification: record.classification } : {}),
    actor: `officer:${record.officer}`,
    // The key of the by-officer index, so auditors can ask what one officer read.
    officer: record.officer,
    outcome: {
      sourceIp: record.sourceIp,
      requestId: record.requestId,
      ...(record.reason ? { reason: record.reason } : {}),
      ...(record.attachment !== undefined ? { attachment: record.attachment } : {}),
      ...(record.code ? { code: record.code } : {}),
    },
    purgeAfter: Math.floor(purge.getTime() / 1000),
  };
}
