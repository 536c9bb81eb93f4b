import type { MailReadOutcome } from '../../mail/inbound-mail.ts';
import type { Decision } from '../../policy/decision.ts';
import type { AuditOutcomeValue } from '../audit-entry.ts';
import type { InboundKey } from '../mail-keys.ts';
import type { NoticeSubject } from '../notices.ts';

/** What every action stage is given about the message it acts on. */
export interface StageInput {
  readonly key: InboundKey;
  readonly raw: Uint8Array | undefined;
  readonly read: MailReadOutcome | undefined;
  readonly decision: Decision;
  /** The officer team's mailbox for this shared address. */
  readonly teamMailbox: string;
  readonly notice: NoticeSubject;
}

/** What a stage did, recorded in its audit entry. */
export type StageOutcome = Readonly<Record<string, AuditOutcomeValue>>;

/**
 * A stage's work in two steps: `act` does everything that can safely be repeated, `finish`
 * removes or moves the raw object. The audit entry is written between them, so a failure in
 * `finish` is retried with the record already in place and nothing is lost.
 */
export interface StageResult {
  readonly outcome: StageOutcome;
  readonly finish?: () => Promise<void>;
}
