import { describe, expect, it } from 'vitest';
import { detectAll } from '../../shared/detect/registry.ts';
import { checkSmsTemplate, renderSms, SmsTemplateError } from '../../shared/sms/sms-policy.ts';
import {
  APPROVED_SMS_TEMPLATE_IDS,
  CONFIRM_REQUEST_SMS,
  type SmsTemplate,
} from '../../shared/sms/sms-templates.ts';

const options = {
  approvedIds: [...APPROVED_SMS_TEMPLATE_IDS, 'test-v1'],
  linkBaseUrl: 'https://portal.caveat.example.gov.uk',
  detect: (text: string) => detectAll(text),
};
const check =
  (text: string, id = 'test-v1') =>
  () =>
    checkSmsTemplate({ id, text }, options);

describe('SMS policy: DWP SMS Text Policy', () => {
  it('passes the bundled confirmation template', () => {
    expect(() => checkSmsTemplate(CONFIRM_REQUEST_SMS, options)).not.toThrow();
  });

  it.each<[string, string, string, string]>([
    [
      'an unapproved id',
      'Your appointment is tomorrow.',
      'DWP SMS Text Policy 6',
      'not on the list of templates authorised',
    ],
    [
      'a placeholder for a name',
      'Hello ((name)), see ((link))',
      'DWP SMS Text Policy 4',
      'placeholder ((name)) could carry personal information',
    ],
    [
      'a National Insurance number',
      'Your National Insurance number JT 48 29 61 B is recorded.',
      'DWP SMS Text Policy 4',
      'contains personal information (UK_NINO)',
    ],
    [
      'a shortened link',
      'See https://bit.ly/3xYz for details.',
      'DWP SMS Text Policy 8.3',
      'shortened links are not allowed: https://bit.ly/3xYz',
    ],
    [
      'a bare link',
      'See www.gov.uk/universal-credit for details.',
      'DWP SMS Text Policy 8.3',
      'full web addresses',
    ],
    [
      'a plain http link',
      'See http://www.gov.uk/universal-credit',
      'DWP SMS Text Policy 8.3',
      'full web addresses',
    ],
    [
      'a link off GOV.UK',
      'See https://universal-credit.example.com/claim',
      'DWP SMS Text Policy 8.2',
      'must point to the GOV.UK domain',
    ],
    [
      'a look-alike domain',
      'See https://www.gov.uk.example.com/claim',
      'DWP SMS Text Policy 8.2',
      'must point to the GOV.UK domain',
    ],
    ['a QR code', 'Scan the QR code in your letter.', 'DWP SMS Text Policy 8.5', 'refers to a QR code'],
  ])('refuses %s, naming the template and the rule', (_case, text, rule, problem) => {
    const id = rule.endsWith(' 6') ? 'unlisted-v1' : 'test-v1';
    let error: unknown;
    try {
      check(text, id)();
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(SmsTemplateError);
    expect((error as SmsTemplateError).message).toMatch(
      new RegExp(`^SMS template "${id}" breaks ${rule.replace('.', '\\.')}: `),
    );
    expect((error as SmsTemplateError).message).toContain(problem);
    expect((error as SmsTemplateError).rule).toBe(rule);
  });

  it('checks where ((link)) points as well as the links written out', () => {
    const template: SmsTemplate = { id: 'test-v1', text: 'Confirm at ((link))' };
    expect(() =>
      checkSmsTemplate(template, { ...options, linkBaseUrl: 'https://caveat.example.com' }),
    ).toThrow(/DWP SMS Text Policy 8\.2/);
    expect(() => checkSmsTemplate(template, { ...options, linkBaseUrl: 'https://tinyurl.com' })).toThrow(
      /8\.3/,
    );
  });

  it('fills only the allowed placeholders', () => {
    expect(
      renderSms(
        { id: 't', text: 'Go to ((link)) by ((expires)).' },
        { link: 'https://www.gov.uk/x', expires: '7 December' },
      ),
    ).toBe('Go to https://www.gov.uk/x by 7 December.');
  });
});
