import { composeMail, type OutboundAttachment } from '../../mail/compose-mail.ts';
import { deliveryCover } from '../notices.ts';
import type { Mailer, NotificationLedger } from '../ports.ts';
import type { DetectFn } from '../scan-mail.ts';
import { notificationKey, sendOnce } from '../send-once.ts';
import { maskedMessage } from './masked-message.ts';
import type { StageInput, StageResult } from './stage.ts';

export interface DeliverDependencies {
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  readonly detect: DetectFn;
}

/**
 * Forwards an OFFICIAL message to the team mailbox: the classification in the subject (DWP Email
 * Policy 1.8) and in `X-Caveat-Classification` for the mailbox's own rules, the original attached
 * as received, or, when a rule masks values (1.10), a masked copy instead of the original.
 */
export function deliverStage(deps: DeliverDependencies) {
  return async (input: StageInput): Promise<StageResult> => {
    if (!input.raw || !input.read?.readable) throw new Error('deliver needs a readable raw message');
    const { key, decision } = input;
    const masked = decision.mask.length > 0;
    let subject = input.read.mail.subject;
    let body = '';
    let withheld: readonly string[] = [];
    let attachments: readonly OutboundAttachment[] = [
      { filename: 'original.eml', content: input.raw, contentType: 'message/rfc822' },
    ];
    if (masked) {
      const copy = await maskedMessage(input.raw, input.read, decision, deps.detect);
      ({ subject, withheld, attachments } = copy);
      body = `\n\n---------- Message (masked) ----------\n${copy.text}`;
    }
    const cover = deliveryCover(decision, input.notice, subject, withheld);
    const raw = await composeMail({
      from: key.mailbox,
      to: [input.teamMailbox],
      ...(decision.sender.address ? { replyTo: decision.sender.address } : {}),
      subject: cover.subject,
      text: `${cover.text}${body}`,
      attachments,
      headers: {
        'X-Caveat-Message-Id': key.messageId,
        'X-Caveat-Action': 'deliver',
        'X-Caveat-Classification': decision.classification,
        'X-Caveat-Policy': `${decision.policy.id} ${decision.policy.version}`,
        'X-Caveat-Rules': decision.rules.map((r) => r.id).join(' '),
      },
    });
    const delivered = await sendOnce(deps.ledger, deps.mailer, notificationKey(key, 'deliver'), {
      from: key.mailbox,
      to: [input.teamMailbox],
      raw,
    });
    return { outcome: { masked, withheldAttachments: withheld.length, delivery: delivered } };
  };
}
