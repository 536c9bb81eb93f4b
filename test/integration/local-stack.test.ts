/**
 * The local stack end to end, as `npm start` runs it: real SMTP mail into the listener, SPF, DKIM
 * and DMARC from mailauth against the local zone, the raw object written to the S3 server with
 * PutObject, its notification driving the real handler, and the results read back from each
 * service.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORIES, type DemoStory, type Sent, senderAddresses, sendStory } from '../../local/demo.ts';
import { DEMO_SENDER_IPS } from '../../local/dns-zone.ts';
import { LOCAL_SMTP_HOSTNAME, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { contactKey } from '../../shared/adapters/dynamodb-contact-register.ts';
import { readHeaderSection } from '../../shared/mail/header-section.ts';
import { localCacheDir, stackClients } from '../local/support.ts';

const root = join(import.meta.dirname, '..', '..');
const story = (prefix: string): DemoStory => {
  const found = DEMO_STORIES.find((s) => s.file.startsWith(prefix));
  if (!found) throw new Error(`no demo story ${prefix}`);
  return found;
};
const STORIES = {
  enquiry: story('01-'),
  unverified: story('02-'),
  verified: story('03-'),
  spoof: story('06-'),
  partner: story('09-'),
};

describe('the local stack over SMTP', () => {
  let stack: LocalStack;
  let s3: S3Client;
  let db: DynamoDBDocumentClient;
  let auditEntries: ReturnType<typeof stackClients>['auditEntries'];
  let objectExists: ReturnType<typeof stackClients>['objectExists'];
  let destroyClients: (() => void) | undefined;
  const sent = {} as Record<keyof typeof STORIES, Sent>;
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-stack-'));

  beforeAll(async () => {
    const ipByHelo = senderAddresses(Object.values(STORIES));
    stack = await startLocalStack({
      dataDir,
      cacheDir: localCacheDir(),
      rootDir: root,
      inMemory: true,
      smtpClientIp: ({ helo, remoteAddress }) => ipByHelo.get(helo) ?? remoteAddress,
    });
    ({ s3, db, auditEntries, objectExists, destroy: destroyClients } = stackClients(stack));
    for (const [name, s] of Object.entries(STORIES) as [keyof typeof STORIES, DemoStory][]) {
      sent[name] = await sendStory(stack, root, s);
    }
    await stack.queue.drained();
  }, 180_000);

  afterAll(async () => {
    destroyClients?.();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const entries = ({ messageId }: Sent) => auditEntries(messageId);
  const key = (prefix: string, { mailbox, messageId }: Sent) => `${prefix}/${mailbox}/${messageId}`;
  const object = async (Key: string): Promise<Buffer | undefined> => {
    try {
      const { Body } = await s3.send(new GetObjectCommand({ Bucket: stack.bucket, Key }));
      return Buffer.from((await Body?.transformToByteArray()) ?? new Uint8Array());
    } catch {
      return undefined;
    }
  };
  const exists = (Key: string) => objectExists(Key);
  const noticesAbout = async ({ messageId }: Sent) =>
    (await stack.ses.sent()).filter(
      (m) => m.subject.includes(messageId) || (m.body.text ?? '').includes(messageId),
    );

  it('listens for the cdk.json mailboxes and seeds the sample contacts as validated', async () => {
    expect(stack.smtp).toEqual({ host: '127.0.0.1', port: expect.any(Number) });
    expect(sent.unverified.mailbox).toBe('universal.credit@caveat.example.gov.uk');
    const contact = await db.send(
      new GetCommand({
        TableName: stack.tables.contacts,
        Key: { contactKey: contactKey('Jo.Bloggs@example-mail.co.uk') },
      }),
    );
    expect(contact.Item).toEqual({
      contactKey: 'email#jo.bloggs@example-mail.co.uk',
      validated: true,
      citizenReference: 'CR-000418',
      registerVersion: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
    expect(stack.seededContacts).toBe(3);
  });

  it("writes the raw object under inbound/<mailbox>/<id> with the listener's SES block in place of the sample's", async () => {
    const raw = await object(key('inbound', sent.unverified));
    expect(raw).toBeDefined();
    const fields = readHeaderSection(raw!).fields;
    expect(fields[1]?.value).toContain(`[${DEMO_SENDER_IPS.citizenIsp}]) by ${LOCAL_SMTP_HOSTNAME}`);
    expect(fields.filter((f) => f.key === 'authentication-results')).toHaveLength(1);
    expect(fields.some((f) => f.key === 'x-ses-receipt' && f.value.includes('example'))).toBe(false);
  });

  it('records the decision with the verdicts mailauth computed', async () => {
    const [classified] = await entries(sent.enquiry);
    expect(classified).toMatchObject({
      stage: 'classify',
      classification: 'OFFICIAL',
      action: 'deliver',
      verdicts: { spf: 'pass', dkim: 'none', dmarc: 'pass', spam: 'PASS', virus: 'PASS' },
    });
    const [partner] = await entries(sent.partner);
    expect(partner?.verdicts).toMatchObject({ spf: 'pass', dkim: 'pass', dmarc: 'pass' });
  });

  it('delivers OFFICIAL mail to the team mailbox through the local SES outbox, once', async () => {
    const notices = await noticesAbout(sent.enquiry);
    expect(notices).toHaveLength(1);
    expect(notices[0]?.subject).toBe('[OFFICIAL] Opening hours over Christmas');
    expect(notices[0]?.destination.to).toEqual(['uc-officers@dwp.example.gov.uk']);
    expect(await exists(key('inbound', sent.enquiry))).toBe(true);
  });

  it('stores OFFICIAL-SENSITIVE mail from a verified citizen as ciphertext, not plaintext', async () => {
    expect((await entries(sent.verified)).map((e) => e.action)).toEqual(['protect', 'protect']);
    expect(await exists(key('inbound', sent.verified))).toBe(false);
    const stored = await object(key('ciphertext', sent.verified));
    expect(stored?.byteLength).toBeGreaterThan(100);
    for (const plaintext of ['Sort code', '55779911', 'jo.bloggs', 'Jo Bloggs']) {
      expect(stored?.includes(plaintext)).toBe(false);
    }
    const [notice] = await noticesAbout(sent.verified);
    expect(notice?.body.text).toMatch(/\/open#t=[A-Za-z0-9_-]{43}/);
    expect(notice?.body.text).not.toContain('55779911');
  });

  it('holds personal data from an unverified citizen with a hold record and a team notice', async () => {
    const hold = await db.send(
      new GetCommand({
        TableName: stack.tables.holds,
        Key: { holdKey: `${sent.unverified.mailbox}/${sent.unverified.messageId}` },
      }),
    );
    expect(hold.Item).toMatchObject({
      classification: 'OFFICIAL-SENSITIVE',
      mailbox: sent.unverified.mailbox,
    });
    expect((await entries(sent.unverified)).map((e) => e.ruleId)).toContain('DWP-3.10-UNSOLICITED');
    expect((await noticesAbout(sent.unverified)).map((m) => m.subject)).toEqual([
      `[OFFICIAL-SENSITIVE] Message ${sent.unverified.messageId} held for confirmation`,
    ]);
  });

  it('quarantines a gov.uk sender that fails SPF and DMARC, and tells the security contact', async () => {
    const [classified] = await entries(sent.spoof);
    expect(classified).toMatchObject({
      action: 'quarantine',
      ruleId: 'SPOOFED-TRUSTED-DOMAIN',
      senderTrust: 'spoofed-trusted',
      verdicts: { spf: 'fail', dkim: 'none', dmarc: 'fail' },
    });
    expect(await exists(key('quarantine', sent.spoof))).toBe(true);
    expect(await exists(key('inbound', sent.spoof))).toBe(false);
    const notices = await noticesAbout(sent.spoof);
    expect(notices.map((m) => m.destination.to)).toEqual([[stack.config.alarmEmail]]);
  });
});
