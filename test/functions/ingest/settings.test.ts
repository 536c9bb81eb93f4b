import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from '../../../functions/ingest/settings.ts';
import { PIPELINE_ENVIRONMENT } from '../pipeline-environment.ts';

const valid = {
  ...PIPELINE_ENVIRONMENT,
  CAVEAT_MAILBOXES: JSON.stringify([
    { address: 'UC@caveat.example.gov.uk', teamMailbox: 'team@dwp.example.gov.uk', policyPack: 'dwp' },
  ]),
};

describe('readSettings', () => {
  it('reads a complete environment and applies defaults', () => {
    const settings = readSettings({ ...valid, CAVEAT_TRUSTED_PARTNERS: ' Partner.org.uk, ,x.example ' });
    expect(settings.CAVEAT_MAILBOXES[0]?.address).toBe('uc@caveat.example.gov.uk');
    expect(settings.CAVEAT_TRUSTED_PARTNERS).toEqual(['partner.org.uk', 'x.example']);
    expect(settings).toMatchObject({
      CAVEAT_LINK_TTL_HOURS: 720,
      CAVEAT_HOLD_DAYS: 28,
      CAVEAT_AUDIT_YEARS: 6,
      CAVEAT_S3_FORCE_PATH_STYLE: false,
      AWS_REGION: 'eu-west-2',
    });
    expect(settings.CAVEAT_CITIZEN_REFERENCE_PATTERN).toBeUndefined();
  });

  it('compiles a configured citizen reference pattern', () => {
    const settings = readSettings({ ...valid, CAVEAT_CITIZEN_REFERENCE_PATTERN: '\\b\\d{8}\\b' });
    expect(settings.CAVEAT_CITIZEN_REFERENCE_PATTERN?.source).toBe('\\b\\d{8}\\b');
    expect(settings.CAVEAT_CITIZEN_REFERENCE_PATTERN?.flags).toBe('g');
  });

  it.each([
    [{ CAVEAT_MAIL_BUCKET: undefined }, 'CAVEAT_MAIL_BUCKET'],
    [{ CAVEAT_MAILBOXES: '[{' }, 'CAVEAT_MAILBOXES: is not valid JSON'],
    [{ CAVEAT_MAILBOXES: '[]' }, 'CAVEAT_MAILBOXES: must list at least one mailbox'],
    [{ CAVEAT_SECURITY_CONTACT: 'nobody' }, 'CAVEAT_SECURITY_CONTACT'],
    [{ CAVEAT_LOCAL_MESSAGE_KEY: Buffer.alloc(32).toString('base64') }, 'set exactly one of'],
    [{ CAVEAT_MESSAGE_KEY_ARN: undefined }, 'set exactly one of'],
    [{ CAVEAT_MESSAGE_KEY_ARN: undefined, CAVEAT_LOCAL_MESSAGE_KEY: 'c2hvcnQ=' }, 'must be 32 bytes'],
    [{ CAVEAT_HOLD_DAYS: '-1' }, 'CAVEAT_HOLD_DAYS'],
    [
      { CAVEAT_CITIZEN_REFERENCE_PATTERN: '(A+)+' },
      'CAVEAT_CITIZEN_REFERENCE_PATTERN: has nested quantifiers',
    ],
    [{ CAVEAT_CITIZEN_REFERENCE_PATTERN: '[' }, 'CAVEAT_CITIZEN_REFERENCE_PATTERN: is not a valid regular'],
  ])('names the wrong variable: %j', (override, message) => {
    expect(() => readSettings({ ...valid, ...override })).toThrow(SettingsError);
    expect(() => readSettings({ ...valid, ...override })).toThrow(message);
  });
});
