import { describe, expect, it } from 'vitest';
import type { TextMessage } from '../../shared/pipeline/ports.ts';
import { SmsRecipientError, sendText } from '../../shared/sms/send-text.ts';
import { CONFIRM_REQUEST_SMS } from '../../shared/sms/sms-templates.ts';

const recorder = () => {
  const sent: TextMessage[] = [];
  const send = async (m: TextMessage) => {
    sent.push(m);
    return `sms-${sent.length}`;
  };
  return { sent, sender: { send } };
};
const values = { link: 'https://portal.caveat.example.gov.uk/confirm/abc', expires: '7 December 2026' };

describe('sendText', () => {
  it('sends the rendered template to the mobile in E.164 and names the template', async () => {
    const { sent, sender } = recorder();
    expect(await sendText(sender, CONFIRM_REQUEST_SMS, '07400 123456', values)).toBe('sms-1');
    expect(sent).toEqual([
      {
        to: '+447400123456',
        templateId: CONFIRM_REQUEST_SMS.id,
        body: expect.stringContaining(
          'go to https://portal.caveat.example.gov.uk/confirm/abc before 7 December 2026.',
        ),
      },
    ]);
  });

  it('refuses a landline without sending or repeating the number (DWP SMS Text Policy 10.2)', async () => {
    const { sent, sender } = recorder();
    const sending = sendText(sender, CONFIRM_REQUEST_SMS, '020 7946 0123', values);
    await expect(sending).rejects.toBeInstanceOf(SmsRecipientError);
    await expect(sending).rejects.not.toThrow(/7946/);
    expect(sent).toEqual([]);
  });
});
