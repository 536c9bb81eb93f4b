/**
 * The real ingest handler against real local services: raw mail written to the S3 server as SES
 * would write it, the notification delivered through the local queue, decisions read back from
 * DynamoDB Local, notices from the local SES outbox.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { contactKey } from '../../shared/adapters/dynamodb-contact-register.ts';
import { localCacheDir, stackClients } from '../local/support.ts';

const root = join(import.meta.dirname, '..', '..');
const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const sample = (name: string) => readFileSync(join(root, 'samples', name));

describe('the pipeline on local services', () => {
  let stack: LocalStack;
  let s3: S3Client;
  let db: DynamoDBDocumentClient;
  let auditEntries: ReturnType<typeof stackClients>['auditEntries'];
  let objectExists: ReturnType<typeof stackClients>['objectExists'];
  let destroyClients: (() => void) | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-local-'));

  beforeAll(async () => {
    stack = await startLocalStack({ dataDir, cacheDir: localCacheDir(), rootDir: root, inMemory: true });
    ({ s3, db, auditEntries, objectExists, destroy: destroyClients } = stackClients(stack));
    await db.send(
      new PutCommand({
        TableName: stack.tables.contacts,
        Item: { contactKey: contactKey('jo.bloggs@example-mail.co.uk'), validated: true },
      }),
    );
    const deliveries: [string, string][] = [
      ['m-enquiry', '01-citizen-general-enquiry.eml'],
      ['m-unverified', '02-citizen-unverified-nino-dob.eml'],
      ['m-verified', '03-verified-citizen-bank-details.eml'],
      ['m-spoofed', '06-spoofed-gov-sender.eml'],
    ];
    for (const [id, file] of deliveries) {
      await s3.send(
        new PutObjectCommand({ Bucket: stack.bucket, Key: `inbound/${MAILBOX}/${id}`, Body: sample(file) }),
      );
    }
    // The same object announced twice, as S3 may: one delivery, one set of entries.
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `inbound/${MAILBOX}/m-enquiry`,
        Body: sample('01-citizen-general-enquiry.eml'),
      }),
    );
    await stack.queue.drained();
  }, 180_000);

  afterAll(async () => {
    destroyClients?.();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const entries = (messageId: string) => auditEntries(messageId);
  const exists = (Key: string) => objectExists(Key);

  it('delivers OFFICIAL mail once, however often it is announced', async () => {
    expect((await entries('m-enquiry')).map((e) => [e.seq, e.action])).toEqual([
      [`${MAILBOX}#1#classify`, 'deliver'],
      [`${MAILBOX}#2#deliver`, 'deliver'],
    ]);
    const sent = (await stack.ses.sent()).filter((m) => m.subject.startsWith('[OFFICIAL] Opening hours'));
    expect(sent).toHaveLength(1);
    expect(sent[0]?.destination.to).toEqual(['uc-officers@dwp.example.gov.uk']);
  });

  it('holds unsolicited personal data with a hold record', async () => {
    const hold = await db.send(
      new GetCommand({ TableName: stack.tables.holds, Key: { holdKey: `${MAILBOX}/m-unverified` } }),
    );
    expect(hold.Item).toMatchObject({ mailbox: MAILBOX, classification: 'OFFICIAL-SENSITIVE' });
    expect((await entries('m-unverified')).map((e) => e.ruleId)).toContain('DWP-3.10-UNSOLICITED');
    expect(await exists(`inbound/${MAILBOX}/m-unverified`)).toBe(true);
  });

  it('stores OFFICIAL-SENSITIVE mail as ciphertext only, with a link hash', async () => {
    expect(await exists(`inbound/${MAILBOX}/m-verified`)).toBe(false);
    const object = await s3.send(
      new GetObjectCommand({ Bucket: stack.bucket, Key: `ciphertext/${MAILBOX}/m-verified` }),
    );
    const stored = Buffer.from((await object.Body?.transformToByteArray()) ?? new Uint8Array());
    expect(stored.byteLength).toBeGreaterThan(100);
    expect(stored.includes('Sort code')).toBe(false);
    expect(stored.includes('jo.bloggs')).toBe(false);
    const notice = (await stack.ses.sent()).find((m) => m.subject.includes('m-verified'));
    expect(notice?.body.text).toMatch(/\/open#t=[A-Za-z0-9_-]{43}/);
    expect(notice?.body.text).not.toContain('Sort code');
  });

  it('quarantines a spoofed gov.uk sender and tells the security contact', async () => {
    expect(await exists(`quarantine/${MAILBOX}/m-spoofed`)).toBe(true);
    expect((await entries('m-spoofed')).map((e) => e.ruleId)).toContain('SPOOFED-TRUSTED-DOMAIN');
    const notice = (await stack.ses.sent()).find(
      (m) => m.subject === '[Caveat quarantine] Message m-spoofed',
    );
    expect(notice?.destination.to).toEqual([stack.config.alarmEmail]);
  });
});
