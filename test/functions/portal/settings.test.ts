import { describe, expect, it } from 'vitest';
import { readPortalSettings } from '../../../functions/portal/settings.ts';

const key = Buffer.alloc(32, 1).toString('base64');
const env = {
  CAVEAT_MAIL_BUCKET: 'mail-bucket',
  CAVEAT_DECISIONS_TABLE: 'decisions',
  CAVEAT_HOLDS_TABLE: 'holds',
  CAVEAT_PORTAL_LINKS_TABLE: 'links',
  CAVEAT_MESSAGE_KEY_ARN: 'arn:aws:kms:eu-west-2:111111111111:key/abc',
  CAVEAT_PORTAL_SECRET_ARN: 'arn:aws:secretsmanager:eu-west-2:111111111111:secret:portal',
  CAVEAT_PORTAL_BASE_URL: 'https://portal.caveat.example.gov.uk',
  CAVEAT_PORTAL_ENTITLEMENTS: JSON.stringify({ 'uc-officers': ['Universal.Credit@caveat.example.gov.uk'] }),
  CAVEAT_OIDC_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_abc',
  CAVEAT_OIDC_CLIENT_ID: 'client',
};

describe('Portal settings', () => {
  it('reads a deployed environment with defaults', () => {
    const settings = readPortalSettings(env);
    expect(settings.CAVEAT_PORTAL_ENTITLEMENTS).toEqual({
      'uc-officers': ['universal.credit@caveat.example.gov.uk'],
    });
    expect(settings.CAVEAT_OIDC_GROUPS_CLAIM).toBe('cognito:groups');
    expect(settings.CAVEAT_PORTAL_SESSION_MINUTES).toBe(480);
    expect(settings.CAVEAT_FAILED_LOOKUP_LIMIT).toBe(10);
  });

  it('names each wrong variable', () => {
    expect(() =>
      readPortalSettings({
        ...env,
        CAVEAT_PORTAL_ENTITLEMENTS: '{"g": ["not-an-address"]}',
        CAVEAT_OIDC_CLIENT_ID: '',
      }),
    ).toThrow(/CAVEAT_PORTAL_ENTITLEMENTS\.g\.0.*\n.*CAVEAT_OIDC_CLIENT_ID/s);
  });

  it('wants exactly one message key and one portal secret', () => {
    expect(() => readPortalSettings({ ...env, CAVEAT_LOCAL_MESSAGE_KEY: key })).toThrow(
      /exactly one of CAVEAT_MESSAGE_KEY_ARN/,
    );
    expect(() => readPortalSettings({ ...env, CAVEAT_PORTAL_SECRET_ARN: undefined })).toThrow(
      /exactly one of CAVEAT_PORTAL_SECRET_ARN/,
    );
  });

  it('allows plain http only on loopback', () => {
    expect(() =>
      readPortalSettings({ ...env, CAVEAT_PORTAL_BASE_URL: 'http://portal.example.gov.uk' }),
    ).toThrow(/must be https/);
    expect(
      readPortalSettings({ ...env, CAVEAT_PORTAL_BASE_URL: 'http://127.0.0.1:8443' }).CAVEAT_PORTAL_BASE_URL,
    ).toBe('http://127.0.0.1:8443');
  });
});
