import { composeMail } from '../../mail/compose-mail.ts';
import { quarantineKey } from '../mail-keys.ts';
import { quarantineNotice } from '../notices.ts';
import type { Mailer, MailStore, NotificationLedger } from '../ports.ts';
import { notificationKey, sendOnce } from '../send-once.ts';
import type { StageInput, StageResult } from './stage.ts';

export interface QuarantineDependencies {
  readonly store: MailStore;
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  /** Who is told about quarantined mail (without its content). */
  readonly securityContact: string;
}

/** Moves the raw message under quarantine/ and tells the security contact why, not what. */
export function quarantineStage(deps: QuarantineDependencies) {
  return async (input: StageInput): Promise<StageResult> => {
    const target = quarantineKey(input.key);
    const notice = quarantineNotice(input.decision, input.notice, target);
    const raw = await composeMail({
      from: input.key.mailbox,
      to: [deps.securityContact],
      subject: notice.subject,
      text: notice.text,
      headers: { 'X-Caveat-Message-Id': input.key.messageId, 'X-Caveat-Action': 'quarantine' },
    });
    const notified = await sendOnce(deps.ledger, deps.mailer, notificationKey(input.key, 'quarantine'), {
      from: input.key.mailbox,
      to: [deps.securityContact],
      raw,
    });
    return {
      outcome: { quarantineKey: target, notification: notified },
      finish: () => deps.store.move(input.key.objectKey, target),
    };
  };
}
