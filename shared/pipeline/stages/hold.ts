import { composeMail } from '../../mail/compose-mail.ts';
import { holdNotice } from '../notices.ts';
import type { Clock, HoldRecord, HoldRegister, Mailer, NotificationLedger } from '../ports.ts';
import { notificationKey, sendOnce } from '../send-once.ts';
import type { StageInput, StageResult } from './stage.ts';

export interface HoldDependencies {
  readonly holds: HoldRegister;
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  readonly clock: Clock;
  /** Days the hold record is kept; keep it within the raw-mail retention. */
  readonly holdDays: number;
  /** Days the sender has to confirm before the message is deleted (at most `holdDays`). */
  readonly confirmDays: number;
  /** Asks the citizen to confirm, once the hold exists; returns whom it asked. */
  readonly requestConfirmation?: (input: StageInput, hold: HoldRecord) => Promise<string>;
}

/**
 * DWP Email Policy 3.10: unsolicited personal data is held until the sender and the message are
 * confirmed through a validated contact point. The raw message stays where SES wrote it; the
 * team is told only that a message awaits confirmation.
 */
export function holdStage(deps: HoldDependencies) {
  return async (input: StageInput): Promise<StageResult> => {
    const now = deps.clock.now();
    const seconds = Math.floor(now.getTime() / 1000);
    const confirmBy = seconds + Math.min(deps.confirmDays, deps.holdDays) * 86_400;
    const expiresAt = seconds + deps.holdDays * 86_400;
    const hold: HoldRecord = {
      holdKey: `${input.key.mailbox}/${input.key.messageId}`,
      messageId: input.key.messageId,
      mailbox: input.key.mailbox,
      objectKey: input.key.objectKey,
      ...(input.decision.sender.address ? { senderAddress: input.decision.sender.address } : {}),
      classification: input.decision.classification,
      policy: input.decision.policy,
      heldAt: now.toISOString(),
      expiresAt,
      confirmBy,
    };
    await deps.holds.place(hold);
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
    const asked = deps.requestConfirmation ? await deps.requestConfirmation(input, hold) : 'none';
    return {
      outcome: {
        holdExpiresAt: new Date(expiresAt * 1000).toISOString(),
        confirmBy: new Date(confirmBy * 1000).toISOString(),
        confirmation: asked,
        notification: notified,
      },
    };
  };
}
