import { composeMail } from '../../mail/compose-mail.ts';
import { holdNotice } from '../notices.ts';
import type { Clock, HoldRegister, Mailer, NotificationLedger } from '../ports.ts';
import { notificationKey, sendOnce } from '../send-once.ts';
import type { StageInput, StageResult } from './stage.ts';

export interface HoldDependencies {
  readonly holds: HoldRegister;
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  readonly clock: Clock;
  /** Days a hold waits for confirmation; keep it within the raw-mail retention. */
  readonly holdDays: number;
}

/**
 * DWP Email Policy 3.10: unsolicited personal data is held until the sender and the message are
 * confirmed through a validated contact point. The raw message stays where SES wrote it; the
 * team is told only that a message awaits confirmation.
 */
export function holdStage(deps: HoldDependencies) {
  return async (input: StageInput): Promise<StageResult> => {
    const now = deps.clock.now();
    const expiresAt = Math.floor(now.getTime() / 1000) + deps.holdDays * 86_400;
    await deps.holds.place({
      holdKey: `${input.key.mailbox}/${input.key.messageId}`,
      messageId: input.key.messageId,
      mailbox: input.key.mailbox,
      objectKey: input.key.objectKey,
      ...(input.decision.sender.address ? { senderAddress: input.decision.sender.address } : {}),
      classification: input.decision.classification,
      policy: input.decision.policy,
      heldAt: now.toISOString(),
      expiresAt,
    });
    const notice = holdNotice(input.decision, input.notice);
    const raw = await composeMail({
      from: input.key.mailbox,
      to: [input.teamMailbox],
      subject: notice.subject,
      text: notice.text,
      headers: {
        'X-Caveat-Message-Id': input.key.messageId,
        'X-Caveat-Action': 'hold',
        'X-Caveat-Classification': input.decision.classification,
      },
    });
    const notified = await sendOnce(deps.ledger, deps.mailer, notificationKey(input.key, 'hold'), {
      from: input.key.mailbox,
      to: [input.teamMailbox],
      raw,
    });
    return {
      outcome: { holdExpiresAt: new Date(expiresAt * 1000).toISOString(), notification: notified },
    };
  };
}
