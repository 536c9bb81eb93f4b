/**
 * The bytes of a message's top-level attachments, for building a masked copy. Only called on a
 * message readMail already accepted, so it reuses the same parser and caps.
 */
import PostalMime from 'postal-mime';
import type { OutboundAttachment } from './compose-mail.ts';
import { DEFAULT_MAIL_LIMITS, MAX_HEADER_BYTES } from './limits.ts';

export async function attachmentContents(raw: Uint8Array): Promise<OutboundAttachment[]> {
  const email = await PostalMime.parse(raw, {
    attachmentEncoding: 'arraybuffer',
    maxNestingDepth: DEFAULT_MAIL_LIMITS.maxDepth,
    maxHeadersSize: MAX_HEADER_BYTES,
  });
  return email.attachments.map((a) => ({
    filename: a.filename ?? '(unnamed)',
    content: toBytes(a.content),
    contentType: a.mimeType || 'application/octet-stream',
  }));
}

function toBytes(content: ArrayBuffer | Uint8Array | string): Uint8Array {
  if (typeof content === 'string') return new TextEncoder().encode(content);
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}
