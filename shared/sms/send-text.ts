import { normaliseUkMobile } from '../contacts/contact-point.ts';
import type { SmsSender } from '../pipeline/ports.ts';
import { renderSms } from './sms-policy.ts';
import type { SmsPlaceholder, SmsTemplate } from './sms-templates.ts';

/** The number is not a UK mobile: texts go to mobiles only (DWP SMS Text Policy 10.2). */
export class SmsRecipientError extends Error {
  override readonly name = 'SmsRecipientError';
}

/**
 * Sends one text from a template checked at configuration time, to a UK mobile only. The
 * number is never put in the error: it is personal data.
 */
export async function sendText(
  sender: SmsSender,
  template: SmsTemplate,
  to: string,
  values: Readonly<Record<SmsPlaceholder, string>>,
): Promise<string> {
  const mobile = normaliseUkMobile(to);
  if (!mobile.ok)
    throw new SmsRecipientError('texts are sent to UK mobile numbers only (DWP SMS Text Policy 10.2)');
  return sender.send({ to: mobile.value, body: renderSms(template, values), templateId: template.id });
}
