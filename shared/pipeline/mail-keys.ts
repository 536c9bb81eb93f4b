/**
 * Object keys of the mail bucket. SES writes raw MIME to `inbound/<shared address>/<SES message
 * id>`; the pipeline moves or derives the other copies from that key.
 */

export const MAIL_KEY_PREFIXES = {
  inbound: 'inbound/',
  quarantine: 'quarantine/',
  ciphertext: 'ciphertext/',
  /** DMARC and TLS reports, kept as received once parsed (or found malformed). */
  reports: 'reports/',
} as const;

export interface InboundKey {
  readonly objectKey: string;
  /** The shared address the message was received for. */
  readonly mailbox: string;
  /** The SES message id: the object's file name, unique per received message. */
  readonly messageId: string;
}

/** The key is not one SES writes under this stack's receipt rules. */
export class MailKeyError extends Error {
  override readonly name = 'MailKeyError';
}

const MESSAGE_ID = /^[A-Za-z0-9._-]{1,200}$/;

/** Reads an `inbound/<address>/<messageId>` key (already URL-decoded). */
export function parseInboundKey(objectKey: string): InboundKey {
  if (!objectKey.startsWith(MAIL_KEY_PREFIXES.inbound)) {
    throw new MailKeyError(`object key is not under ${MAIL_KEY_PREFIXES.inbound}: ${objectKey}`);
  }
  const parts = objectKey.slice(MAIL_KEY_PREFIXES.inbound.length).split('/');
  const [mailbox, messageId] = parts;
  if (parts.length !== 2 || !mailbox?.includes('@') || !messageId || !MESSAGE_ID.test(messageId)) {
    throw new MailKeyError(`object key is not inbound/<address>/<message id>: ${objectKey}`);
  }
  return { objectKey, mailbox: mailbox.toLowerCase(), messageId };
}

export function quarantineKey(key: InboundKey): string {
  return `${MAIL_KEY_PREFIXES.quarantine}${key.mailbox}/${key.messageId}`;
}

export function ciphertextKey(key: InboundKey): string {
  return `${MAIL_KEY_PREFIXES.ciphertext}${key.mailbox}/${key.messageId}`;
}

export function reportKey(key: InboundKey): string {
  return `${MAIL_KEY_PREFIXES.reports}${key.mailbox}/${key.messageId}`;
}
