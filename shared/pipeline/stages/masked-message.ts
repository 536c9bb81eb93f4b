import { attachmentContents } from '../../mail/attachment-contents.ts';
import type { OutboundAttachment } from '../../mail/compose-mail.ts';
import type { MailReadOutcome } from '../../mail/inbound-mail.ts';
import type { Decision } from '../../policy/decision.ts';
import { maskedCopy } from '../masked-copy.ts';
import type { DetectFn } from '../scan-mail.ts';

export interface MaskedMessage {
  readonly subject: string;
  readonly text: string;
  readonly attachments: readonly OutboundAttachment[];
  readonly withheld: readonly string[];
}

/** The masked copy of a readable message with the attachments it may carry, as bytes. */
export async function maskedMessage(
  raw: Uint8Array,
  read: MailReadOutcome,
  decision: Decision,
  detect: DetectFn,
): Promise<MaskedMessage> {
  if (!read.readable) throw new Error('a masked copy needs a readable message');
  const copy = maskedCopy(read.mail, decision, detect);
  const withheld = new Set(copy.withheld);
  const attachments = (await attachmentContents(raw)).filter((a) => !withheld.has(a.filename));
  return { ...copy, attachments };
}
