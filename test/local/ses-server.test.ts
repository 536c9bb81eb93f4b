import { SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SesServer, startLocalSes } from '../../local/ses-server.ts';
import { composeMail } from '../../shared/mail/compose-mail.ts';

describe('local SES endpoint', () => {
  let ses: SesServer;
  let client: SESClient;
  beforeAll(async () => {
    ses = await startLocalSes();
    client = new SESClient({
      endpoint: ses.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await ses?.stop();
  });

  it('accepts SendRawEmail and shows the message, headers and attachments', async () => {
    const raw = await composeMail({
      from: 'uc@caveat.example.gov.uk',
      to: ['team@dwp.example.gov.uk'],
      subject: '[OFFICIAL] Hello',
      text: 'cover note',
      headers: { 'X-Caveat-Classification': 'OFFICIAL' },
      attachments: [
        {
          filename: 'original.eml',
          content: new TextEncoder().encode('Subject: x\r\n\r\nbody'),
          contentType: 'message/rfc822',
        },
      ],
    });
    const { MessageId } = await client.send(
      new SendRawEmailCommand({
        Source: 'uc@caveat.example.gov.uk',
        Destinations: ['team@dwp.example.gov.uk'],
        RawMessage: { Data: raw },
      }),
    );
    expect(MessageId).toBeTruthy();
    const [mail] = await ses.sent();
    expect(mail?.subject).toBe('[OFFICIAL] Hello');
    expect(mail?.destination.to).toContain('team@dwp.example.gov.uk');
    expect(mail?.body.text).toContain('cover note');
  });

  it('empties the outbox on stop, so the next endpoint in this process starts with none', async () => {
    const next = await startLocalSes();
    expect(await next.sent()).toHaveLength(1); // one store per process
    await next.stop();
    expect(await ses.sent()).toEqual([]);
  });
});
