import { describe, expect, it } from 'vitest';
import { readConfirmSettings } from '../../../functions/confirm/settings.ts';
import { SettingsError } from '../../../functions/ingest/settings.ts';
import { PIPELINE_ENVIRONMENT } from '../pipeline-environment.ts';

const pipeline = PIPELINE_ENVIRONMENT;
const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:confirm-AbCdEf';
const LOCAL = Buffer.alloc(32, 7).toString('base64');
const QUEUE = 'https://sqs.eu-west-2.amazonaws.com/123456789012/caveat-inbound';

describe('readConfirmSettings', () => {
  it('reads the secret from Secrets Manager in AWS, with secure cookies', () => {
    const settings = readConfirmSettings({ ...pipeline, CAVEAT_CONFIRM_SECRET_ARN: ARN });
    expect(settings.secret).toEqual({ kind: 'secrets-manager', arn: ARN });
    expect(settings.secureCookies).toBe(true);
    expect(settings).toMatchObject({
      mailBucket: 'caveat-mail',
      holdsTable: 'holds',
      decisionsTable: 'decisions',
    });
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

  it('reads the mailboxes configured for Wales and the queue releases are sent to', () => {
    const settings = readConfirmSettings({
      ...pipeline,
      CAVEAT_MAILBOXES: JSON.stringify([
        { address: 'UC@caveat.example.gov.uk', teamMailbox: 't@dwp.example.gov.uk', policyPack: 'dwp' },
        {
          address: 'Cymru@caveat.example.gov.uk',
          teamMailbox: 't@dwp.example.gov.uk',
          policyPack: 'dwp',
          welsh: true,
        },
      ]),
      CAVEAT_RELEASE_QUEUE_URL: QUEUE,
    });
    expect([...settings.welshMailboxes]).toEqual(['cymru@caveat.example.gov.uk']);
    expect(settings.releaseQueueUrl).toBe(QUEUE);
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
    [{ CAVEAT_MAIL_BUCKET: undefined }, 'caveat confirm: CAVEAT_MAIL_BUCKET'],
    [{ CAVEAT_RELEASE_QUEUE_URL: 'queue' }, 'caveat confirm: CAVEAT_RELEASE_QUEUE_URL'],
    [{ CAVEAT_MAILBOXES: '[]' }, 'caveat confirm: CAVEAT_MAILBOXES: must list at least one mailbox'],
  ])('names the wrong variable: %j', (override, message) => {
    expect(() => readConfirmSettings({ ...pipeline, ...override })).toThrow(SettingsError);
    expect(() => readConfirmSettings({ ...pipeline, ...override })).toThrow(message);
  });
});
