/**
 * The AWS adapters against real local services (DynamoDB Local with the stack's tables, an
 * S3-compatible server, the local SES endpoint): condition expressions, index keys, copy
 * sources and SES calls as the services themselves read them, which SDK mocks cannot show.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SESClient } from '@aws-sdk/client-ses';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTables, localTableNames } from '../../local/create-tables.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { type S3Server, startS3Server } from '../../local/s3-server.ts';
import { type SesServer, startLocalSes } from '../../local/ses-server.ts';
import {
  type AwsClientsConfig,
  dynamoDbClient,
  s3Client,
  sesClient,
} from '../../shared/adapters/aws-clients.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { contactKey, DynamoDbContactRegister } from '../../shared/adapters/dynamodb-contact-register.ts';
import { DynamoDbHoldRegister } from '../../shared/adapters/dynamodb-hold-register.ts';
import { DynamoDbNotificationLedger, ledgerId } from '../../shared/adapters/dynamodb-notification-ledger.ts';
import {
  DynamoDbPortalLinkStore,
  PortalLinkCollisionError,
} from '../../shared/adapters/dynamodb-portal-link-store.ts';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.ts';
import { SesMailer } from '../../shared/adapters/ses-mailer.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { localCacheDir } from '../local/support.ts';

const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const MESSAGE_ID = '0100018f2b3c4d5e-abc';
const tables = localTableNames('adapters');
const clock = { now: () => new Date('2026-11-23T09:00:00.000Z') };
/** 2100-01-01, the TTL of records that must outlive the test. */
const FAR_FUTURE_EPOCH_SECONDS = 4_102_444_800;

describe('AWS adapters on local services', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-adapters-'));
  let ddb: DynamoDbLocal;
  let s3: S3Server;
  let ses: SesServer;
  let clients: { dynamodb: DynamoDBClient; s3: S3Client; ses: SESClient };

  beforeAll(async () => {
    // One after another: each picks a free port, and parallel picks could race for the same one.
    ddb = await startDynamoDbLocal({ cacheDir: localCacheDir(), dataDir: join(dataDir, 'ddb') });
    s3 = await startS3Server({ directory: join(dataDir, 's3'), buckets: ['mail'] });
    ses = await startLocalSes();
    const config: AwsClientsConfig = {
      region: 'eu-west-2',
      endpoints: { dynamodb: ddb.endpoint, s3: s3.endpoint, ses: ses.endpoint },
      s3ForcePathStyle: true,
      // s3rver checks signatures against its own fixed key pair.
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    };
    clients = { dynamodb: dynamoDbClient(config), s3: s3Client(config), ses: sesClient(config) };
    await createTables(clients.dynamodb, tables);
  }, 180_000);

  afterAll(async () => {
    for (const client of Object.values(clients ?? {})) client.destroy();
    await Promise.all([ddb?.stop(), s3?.stop(), ses?.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('appends an audit entry once and finds it through the by-rule index', async () => {
    const log = new DynamoDbAuditLog(clients.dynamodb, tables.decisions);
    const entry: AuditEntry = {
      messageId: MESSAGE_ID,
      seq: '2#hold',
      stage: 'hold',
      at: '2026-11-23T09:00:00.000Z',
      day: '2026-11-23',
      mailbox: MAILBOX,
      objectKey: `inbound/${MAILBOX}/${MESSAGE_ID}`,
      action: 'hold',
      ruleId: 'DWP-3.10',
      actor: 'caveat-ingest',
      rawBytes: undefined,
      purgeAfter: 1_953_795_600,
    };
    expect(await log.append(entry)).toBe('recorded');
    expect(await log.append({ ...entry, actor: 'someone-else' })).toBe('duplicate');
    expect(await log.append({ ...entry, seq: '1#classify', stage: 'classify' })).toBe('recorded');

    const { Items } = await clients.dynamodb.send(
      new QueryCommand({
        TableName: tables.decisions,
        IndexName: 'byRule',
        KeyConditionExpression: 'ruleId = :rule',
        ExpressionAttributeValues: { ':rule': { S: 'DWP-3.10' } },
      }),
    );
    // Both entries share `at`, the index's sort key, so their order is not defined.
    expect(Items?.map((item) => [item.seq?.S, item.actor?.S]).sort()).toEqual([
      ['1#classify', 'caveat-ingest'],
      ['2#hold', 'caveat-ingest'],
    ]);
  });

  it('keeps the first hold, reads it back by key, and refuses a second link with the same hash', async () => {
    const holds = new DynamoDbHoldRegister(clients.dynamodb, tables.holds);
    const hold = {
      holdKey: `${MAILBOX}/${MESSAGE_ID}`,
      messageId: MESSAGE_ID,
      mailbox: MAILBOX,
      objectKey: `inbound/${MAILBOX}/${MESSAGE_ID}`,
      classification: 'OFFICIAL-SENSITIVE' as const,
      policy: { id: 'dwp', version: '1' },
      heldAt: '2026-11-23T09:00:00.000Z',
      // In the future, as a live record's is: nothing may treat these records as expired.
      expiresAt: FAR_FUTURE_EPOCH_SECONDS,
    };
    await holds.place(hold);
    await holds.place({ ...hold, heldAt: '2026-11-24T09:00:00.000Z' });
    const db = DynamoDBDocumentClient.from(clients.dynamodb);
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.holds, Key: { holdKey: `${MAILBOX}/${MESSAGE_ID}` } }),
    );
    expect(Item?.heldAt).toBe('2026-11-23T09:00:00.000Z');
    // Read back by key as a release reads it, with the decision the page has just written.
    expect(await holds.decide(hold.holdKey, 'confirmed', '2026-11-24T10:00:00.000Z')).toBe(true);
    expect(await holds.get(hold.holdKey)).toEqual({
      ...hold,
      decision: 'confirmed',
      decidedAt: '2026-11-24T10:00:00.000Z',
    });
    expect(await holds.get(`${MAILBOX}/no-such-message`)).toBeUndefined();

    const links = new DynamoDbPortalLinkStore(clients.dynamodb, tables.portalLinks);
    const link = {
      linkHash: 'ab'.repeat(32),
      messageId: MESSAGE_ID,
      mailbox: MAILBOX,
      ciphertextKey: `ciphertext/${MAILBOX}/${MESSAGE_ID}`,
      classification: 'OFFICIAL-SENSITIVE' as const,
      createdAt: '2026-11-23T09:00:00.000Z',
      expiresAt: FAR_FUTURE_EPOCH_SECONDS,
    };
    await links.create(link);
    await expect(links.create(link)).rejects.toBeInstanceOf(PortalLinkCollisionError);
  });

  it('claims a notification once, frees a failed claim and keeps a sent one', async () => {
    const ledger = new DynamoDbNotificationLedger(clients.dynamodb, tables.idempotency, { clock });
    const key = `${MESSAGE_ID}#protect`;
    expect(await ledger.claim(key)).toBe(true);
    expect(await ledger.claim(key)).toBe(false);
    await ledger.release(key);
    expect(await ledger.claim(key)).toBe(true);
    await ledger.confirm(key, 'ses-1');
    await ledger.release(key);
    expect(await ledger.claim(key)).toBe(false);
    const db = DynamoDBDocumentClient.from(clients.dynamodb);
    const { Item } = await db.send(
      new GetCommand({ TableName: tables.idempotency, Key: { id: ledgerId(key) } }),
    );
    expect(Item).toMatchObject({ status: 'sent', providerMessageId: 'ses-1' });
  });

  it('retakes a claim abandoned mid-send once its lease is over, never a sent one', async () => {
    let now = new Date('2026-11-23T09:00:00.000Z');
    const later = { now: () => now };
    const ledger = new DynamoDbNotificationLedger(clients.dynamodb, tables.idempotency, { clock: later });
    const abandoned = `${MESSAGE_ID}#hold`;
    const sent = `${MESSAGE_ID}#deliver`;
    expect(await ledger.claim(abandoned)).toBe(true);
    expect(await ledger.claim(sent)).toBe(true);
    await ledger.confirm(sent, 'ses-2');
    now = new Date('2026-11-23T09:10:00.000Z');
    expect(await ledger.claim(abandoned)).toBe(false);
    now = new Date('2026-11-23T09:16:00.000Z');
    expect(await ledger.claim(abandoned)).toBe(true);
    expect(await ledger.claim(sent)).toBe(false);
  });

  it('counts only validated, unrevoked contacts written under contactKey', async () => {
    const db = DynamoDBDocumentClient.from(clients.dynamodb);
    const put = (address: string, item: Record<string, unknown>) =>
      db.send(
        new PutCommand({ TableName: tables.contacts, Item: { contactKey: contactKey(address), ...item } }),
      );
    await put('Jo.Bloggs@Example.com', { validated: true, email: 'jo.bloggs@example.com' });
    await put('revoked@example.com', { validated: true, revokedAt: '2026-10-01T00:00:00.000Z' });
    await put('pending@example.com', { validated: false });
    const contacts = new DynamoDbContactRegister(clients.dynamodb, tables.contacts);
    expect(await contacts.isValidatedContact('jo.bloggs@example.com')).toBe(true);
    expect(await contacts.isValidatedContact('revoked@example.com')).toBe(false);
    expect(await contacts.isValidatedContact('pending@example.com')).toBe(false);
    expect(await contacts.isValidatedContact('nobody@example.com')).toBe(false);
  });

  it('stores, sizes, reads and moves mail under keys holding an address', async () => {
    const store = new S3MailStore(clients.s3, 'mail');
    const from = `inbound/${MAILBOX}/${MESSAGE_ID}`;
    const to = `quarantine/${MAILBOX}/${MESSAGE_ID}`;
    const raw = new TextEncoder().encode('Subject: hello\r\n\r\nbody');
    await store.put(from, raw, 'message/rfc822');
    expect(await store.size(from)).toBe(raw.byteLength);
    await store.move(from, to);
    expect(await store.size(from)).toBeUndefined();
    expect(new Uint8Array(await store.read(to))).toEqual(raw);
    await store.remove(to);
    expect(await store.size(to)).toBeUndefined();
  });

  it('sends raw mail through SES and returns its message id', async () => {
    const mailer = new SesMailer(clients.ses);
    const raw = new TextEncoder().encode(
      `From: ${MAILBOX}\r\nTo: uc-team@dwp.example.gov.uk\r\nSubject: notice\r\n\r\nA message awaits.`,
    );
    const messageId = await mailer.send({ from: MAILBOX, to: ['uc-team@dwp.example.gov.uk'], raw });
    expect(messageId).toBeTruthy();
    const sent = await ses.sent();
    expect(sent.map((mail) => mail.subject)).toContain('notice');
  });
});
