import { describe, expect, it } from 'vitest';
import { readConfirmSettings } from '../../../functions/confirm/settings.ts';
import { SettingsError } from '../../../functions/ingest/settings.ts';
import { PIPELINE_ENVIRONMENT } from '../pipeline-environment.ts';

const pipeline = PIPELINE_ENVIRONMENT;
const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:confirm-AbCdEf';
const LOCAL = Buffer.alloc(32, 7).toString('base64');

describe('readConfirmSettings', () => {
  it('reads the secret from Secrets Manager in AWS, with secure cookies', () => {
    const settings = readConfirmSettings({ ...pipeline, CAVEAT_CONFIRM_SECRET_ARN: ARN });
    expect(settings.secret).toEqual({ kind: 'secrets-manager', arn: ARN });
    expect(settings.secureCookies).toBe(true);
    expect(settings.ingest.CAVEAT_MAIL_BUCKET).toBe('caveat-mail');
  });

  it('takes the secret itself on a local run', () => {
    const settings = readConfirmSettings({
      ...pipeline,
      CAVEAT_CONFIRM_SECRET: LOCAL,
      CAVEAT_INSECURE_COOKIES: 'true',
    });
    expect(settings.secret).toEqual({ kind: 'value', bytes: new Uint8Array(Buffer.alloc(32, 7)) });
    expect(settings.secureCookies).toBe(false);
  });

  it('has no secret for the expiry sweep, which serves no page', () => {
    expect(readConfirmSettings(pipeline).secret).toBeUndefined();
  });

  it.each([
    [
      { CAVEAT_CONFIRM_SECRET: 'c2hvcnQ=' },
      'caveat confirm: CAVEAT_CONFIRM_SECRET: must be 32 bytes, base64',
    ],
    [{ CAVEAT_CONFIRM_SECRET_ARN: 'confirm' }, 'caveat confirm: CAVEAT_CONFIRM_SECRET_ARN'],
    [{ CAVEAT_CONFIRM_SECRET_ARN: ARN, CAVEAT_CONFIRM_SECRET: LOCAL }, 'set at most one of'],
    [{ CAVEAT_MAIL_BUCKET: undefined }, 'caveat ingest: CAVEAT_MAIL_BUCKET'],
  ])('names the wrong variable: %j', (override, message) => {
    expect(() => readConfirmSettings({ ...pipeline, ...override })).toThrow(SettingsError);
    expect(() => readConfirmSettings({ ...pipeline, ...override })).toThrow(message);
  });
});
