/**
 * DWP Email Policy 1.10: a citizen who emailed card details is told not to, without the number.
 * Only an authenticated sender (SPF or DKIM pass) is answered, so forged senders get nothing.
 */
import type { Mailer, NotificationLedger } from '../pipeline/ports.ts';
import { notificationKey, sendOnce } from '../pipeline/send-once.ts';
import type { StageInput, StageResult } from '../pipeline/stages/stage.ts';
import { cardDetailsEmail } from './citizen-messages.ts';
import { citizenMail } from './request-confirmation.ts';

export interface CardReplyDependencies {
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  readonly isWelsh: (mailbox: string) => boolean;
}

/** Whether this message earns the reply: a citizen's card number, from a sender who authenticated. */
export function wantsCardReply(input: StageInput): boolean {
  const { decision } = input;
  const citizen = decision.sender.trust === 'unverified' || decision.sender.trust === 'verified-citizen';
  const authenticated = decision.verdicts.spf === 'pass' || decision.verdicts.dkim === 'pass';
  return (
    citizen &&
    authenticated &&
    decision.sender.address !== undefined &&
    decision.mask.includes('PAYMENT_CARD')
  );
}

/** Wraps an action stage: after it acts, the reply is sent once and its result recorded in the outcome. */
export function cardDetailsReply(deps: CardReplyDependencies) {
  return (stage: (input: StageInput) => Promise<StageResult>) =>
    async (input: StageInput): Promise<StageResult> => {
      const result = await stage(input);
      if (!wantsCardReply(input)) return result;
      const to = input.decision.sender.address as string;
      const notice = cardDetailsEmail({ welsh: deps.isWelsh(input.key.mailbox) });
      const sent = await sendOnce(deps.ledger, deps.mailer, notificationKey(input.key, 'card-details'), () =>
        citizenMail(input, to, notice, 'card-details'),
      );
      return { ...result, outcome: { ...result.outcome, cardDetailsReply: sent } };
    };
}
