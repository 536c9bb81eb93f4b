import type { Mailer, NotificationLedger, OutboundMessage } from './ports.ts';

/**
 * Sends a message at most once per key, however often the event that caused it is delivered:
 * the first caller claims the key; a failed send releases it so a retry can send it.
 */
export async function sendOnce(
  ledger: NotificationLedger,
  mailer: Mailer,
  key: string,
  message: OutboundMessage,
): Promise<'sent' | 'already-sent'> {
  if (!(await ledger.claim(key))) return 'already-sent';
  let providerMessageId: string;
  try {
    providerMessageId = await mailer.send(message);
  } catch (error) {
    await ledger.release(key).catch(() => undefined);
    throw error;
  }
  await ledger.confirm(key, providerMessageId);
  return 'sent';
}
