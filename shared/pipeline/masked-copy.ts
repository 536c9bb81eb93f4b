/**
 * The copy of a message Caveat keeps or sends when a rule masks finding types (DWP Email Policy
 * 1.10: card numbers never travel by email): subject and body text with those values masked,
 * and the names of attachments withheld because they hold such values (a PDF or spreadsheet
 * cannot be masked in place reliably, so it is not passed on).
 */
import { redact } from '../detect/redact.ts';
import type { InboundMail } from '../mail/inbound-mail.ts';
import type { Decision } from '../policy/decision.ts';
import type { DetectFn } from './scan-mail.ts';

export interface MaskedCopy {
  readonly subject: string;
  readonly text: string;
  /** Attachment file names left out because they hold masked values. */
  readonly withheld: readonly string[];
}

export function maskedCopy(mail: InboundMail, decision: Decision, detect: DetectFn): MaskedCopy {
  // Mask every text the copy carries; locations say which attachments hold masked values.
  const mask = (text: string) => redact(text, detect(text), decision.mask);
  const body = mail.text.trim() !== '' ? mail.text : (mail.htmlText ?? '');
  const maskedLocations = new Set(
    decision.findings.filter((f) => decision.mask.includes(f.type)).flatMap((f) => f.locations),
  );
  // An archive is withheld whole when any entry read from it holds a masked value.
  const holdsMasked = (name: string) =>
    [...maskedLocations].some((at) => at === `attachment:${name}` || at.startsWith(`attachment:${name}/`));
  const withheld = mail.attachments.map((a) => a.filename ?? '(unnamed)').filter(holdsMasked);
  return { subject: mask(mail.subject), text: mask(body), withheld };
}
