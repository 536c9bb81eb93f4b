import type { InboundKey } from './mail-keys.ts';
import type { Mailer, NotificationLedger, OutboundMessage } from './ports.ts';

/**
 * The ledger key of one notice. SES gives a message sent to two shared addresses one message id
 * and writes it once per address, so the key names the mailbox as well.
 */
export function notificationKey(key: InboundKey, notice: string): string {
  return `${key.mailbox}/${key.messageId}#${notice}`;
}

/**
 * Sends a message at most once per key, however often the event that caused it is delivered:
 * the first caller claims the key; a failed send releases it so a retry can send it. A message
 * given as a function is composed only by the claimer, so work such as issuing a one-time link
 * happens once per send, never for a send that will not happen.
 */
export async function sendOnce(
  ledger: NotificationLedger,
  mailer: Mailer,
  key: string,
  message: OutboundMessage | (() => Promise<OutboundMessage>),
): Promise<'sent' | 'already-sent'> {
  return claimAndSend(ledger, key, async () =>
    mailer.send(typeof message === 'function' ? await message() : message),
  );
}

/** The ledger's claim / confirm / release around any non-idempotent send (mail, text). */
export async function claimAndSend(
  ledger: NotificationLedger,
  key: string,
  send: () => Promise<string>,
): Promise<'sent' | 'already-sent'> {
  if (!(await ledger.claim(key))) return 'already-sent';
  let providerMessageId: string;
  try {
    providerMessageId = await send();
  } catch (error) {
    await ledger.release(key).catch(() => undefined);
    throw error;
  }
  await ledger.confirm(key, providerMessageId);
  return 'sent';
}
