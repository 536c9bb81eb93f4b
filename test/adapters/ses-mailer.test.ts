import { MessageRejected, SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MailerResponseError, MailerThrottledError, SesMailer } from '../../shared/adapters/ses-mailer.ts';
import type { OutboundMessage } from '../../shared/pipeline/ports.ts';

const ses = mockClient(SESClient);
const mailer = (configurationSetName?: string) =>
  new SesMailer(new SESClient({ region: 'eu-west-2' }), configurationSetName ? { configurationSetName } : {});

const MESSAGE: OutboundMessage = {
  from: 'universal.credit@caveat.example.gov.uk',
  to: ['uc-team@dwp.example.gov.uk', 'uc-lead@dwp.example.gov.uk'],
  raw: new TextEncoder().encode('From: universal.credit@caveat.example.gov.uk\r\n\r\nnotice'),
};

const sesError = (name: string, message: string) =>
  new SESServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });

beforeEach(() => ses.reset());

describe('SesMailer', () => {
  it('sends the raw message to exactly the given recipients and returns the SES message id', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: '0100018f-ses' });
    expect(await mailer().send(MESSAGE)).toBe('0100018f-ses');
    expect(ses.commandCalls(SendRawEmailCommand).map((c) => c.args[0].input)).toEqual([
      {
        Source: MESSAGE.from,
        Destinations: [...MESSAGE.to],
        RawMessage: { Data: MESSAGE.raw },
      },
    ]);
  });

  it('names the configuration set when one is configured', async () => {
    ses.on(SendRawEmailCommand).resolves({ MessageId: 'm' });
    await mailer('caveat-sending').send(MESSAGE);
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input.ConfigurationSetName).toBe(
      'caveat-sending',
    );
  });

  it.each([
    ['Throttling', 'Maximum sending rate exceeded.'],
    ['ThrottlingException', 'Rate exceeded'],
    ['Throttling', 'Daily message quota exceeded.'],
    ['ServiceUnavailable', 'Maximum sending rate exceeded.'],
  ])('turns %s (%s) into a retryable MailerThrottledError', async (name, message) => {
    const cause = sesError(name, message);
    ses.on(SendRawEmailCommand).rejects(cause);
    const error = await mailer()
      .send(MESSAGE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailerThrottledError);
    expect(error).toMatchObject({ name: 'MailerThrottledError', retryable: true, code: name, cause });
  });

  it('lets other errors through unchanged', async () => {
    const rejected = new MessageRejected({ message: 'Email address is not verified.', $metadata: {} });
    ses.on(SendRawEmailCommand).rejects(rejected);
    await expect(mailer().send(MESSAGE)).rejects.toBe(rejected);
  });

  it('fails when SES returns no message id', async () => {
    ses.on(SendRawEmailCommand).resolves({});
    await expect(mailer().send(MESSAGE)).rejects.toBeInstanceOf(MailerResponseError);
  });

  it('keeps addresses out of its own error messages', async () => {
    ses.on(SendRawEmailCommand).rejects(sesError('Throttling', 'Maximum sending rate exceeded.'));
    const error = (await mailer()
      .send(MESSAGE)
      .catch((e: unknown) => e)) as Error;
    expect(error.message).not.toContain('@');
  });
});
