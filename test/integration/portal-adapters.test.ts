/**
 * The portal's DynamoDB adapters against DynamoDB Local with the stack's own tables: the
 * byMailbox indexes, the write-once updates and the shared failure counter as DynamoDB reads them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTables, localTableNames } from '../../local/create-tables.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { dynamoDbClient } from '../../shared/adapters/aws-clients.ts';
import { DynamoDbFailedLookups } from '../../shared/adapters/dynamodb-failed-lookups.ts';
import { DynamoDbHeldMessages } from '../../shared/adapters/dynamodb-held-messages.ts';
import { DynamoDbHoldRegister } from '../../shared/adapters/dynamodb-hold-register.ts';
import { DynamoDbPortalLinkStore } from '../../shared/adapters/dynamodb-portal-link-store.ts';
import { DynamoDbPortalLinks } from '../../shared/adapters/dynamodb-portal-links.ts';
import type { PortalLinkRecord } from '../../shared/pipeline/ports.ts';
import { localCacheDir } from '../local/support.ts';

const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const tables = localTableNames('portal');

const link = (messageId: string, hash: string): PortalLinkRecord => ({
  linkHash: hash.repeat(64),
  messageId,
  mailbox: MAILBOX,
  ciphertextKey: `ciphertext/${MAILBOX}/${messageId}`,
  classification: 'OFFICIAL-SENSITIVE',
  createdAt: '2026-11-23T09:00:00.000Z',
  expiresAt: 1_900_000_000,
  reasons: [{ id: 'DWP-1.7', paragraphs: ['1.7'], reason: 'protected' }],
});

describe('Portal adapters on DynamoDB Local', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-portal-adapters-'));
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ cacheDir: localCacheDir(), dataDir: join(dataDir, 'ddb') });
    client = dynamoDbClient({
      region: 'eu-west-2',
      endpoints: { dynamodb: ddb.endpoint },
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await createTables(client, tables);
  });

  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('finds links by hash, by message and by mailbox, and writes the first read and revocation once', async () => {
    const store = new DynamoDbPortalLinkStore(client, tables.portalLinks);
    const links = new DynamoDbPortalLinks(client, tables.portalLinks);
    await store.create(link('m-1', 'a'));
    await store.create(link('m-2', 'b'));
    expect(await links.findByHash('a'.repeat(64))).toMatchObject({
      messageId: 'm-1',
      reasons: [{ id: 'DWP-1.7' }],
    });
    expect(await links.findByHash('c'.repeat(64))).toBeUndefined();
    expect((await links.findByMessage(MAILBOX, 'm-2')).map((l) => l.linkHash)).toEqual(['b'.repeat(64)]);
    expect((await links.listByMailbox(MAILBOX)).map((l) => l.messageId).sort()).toEqual(['m-1', 'm-2']);
    expect(await links.listByMailbox('other@caveat.example.gov.uk')).toEqual([]);

    await links.markRead('a'.repeat(64), '2026-11-23T10:00:00.000Z');
    await links.markRead('a'.repeat(64), '2026-11-23T11:00:00.000Z');
    await links.revoke('a'.repeat(64), '2026-11-23T12:00:00.000Z', 'officer-1');
    await links.revoke('a'.repeat(64), '2026-11-23T13:00:00.000Z', 'officer-2');
    expect(await links.findByHash('a'.repeat(64))).toMatchObject({
      readAt: '2026-11-23T10:00:00.000Z',
      revokedAt: '2026-11-23T12:00:00.000Z',
      revokedBy: 'officer-1',
    });
    // Updating a link that does not exist creates nothing.
    await links.markRead('d'.repeat(64), '2026-11-23T10:00:00.000Z');
    expect(await links.findByHash('d'.repeat(64))).toBeUndefined();
  });

  it('lists held messages of a mailbox with their answer and release, without the sender address', async () => {
    const holds = new DynamoDbHoldRegister(client, tables.holds);
    await holds.place({
      holdKey: `${MAILBOX}/h-1`,
      messageId: 'h-1',
      mailbox: MAILBOX,
      objectKey: `inbound/${MAILBOX}/h-1`,
      senderAddress: 'pat.jones@example-mail.co.uk',
      classification: 'OFFICIAL',
      policy: { id: 'dwp', version: '1' },
      heldAt: '2026-11-23T08:00:00.000Z',
      expiresAt: 1_900_000_000,
      confirmBy: 1_890_000_000,
    });
    const listed = () => new DynamoDbHeldMessages(client, tables.holds).listByMailbox(MAILBOX);
    const waiting = {
      messageId: 'h-1',
      mailbox: MAILBOX,
      classification: 'OFFICIAL',
      heldAt: '2026-11-23T08:00:00.000Z',
      expiresAt: 1_900_000_000,
      confirmBy: 1_890_000_000,
    };
    expect(await listed()).toEqual([waiting]);
    // Released only once confirmed: the condition refuses an undecided hold.
    await expect(holds.markReleased(`${MAILBOX}/h-1`, '2026-11-23T09:00:00.000Z')).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    await holds.decide(`${MAILBOX}/h-1`, 'confirmed', '2026-11-23T08:30:00.000Z');
    // Confirmed and not yet released: what the hourly sweep asks for again, once old enough.
    expect((await holds.unreleased('2026-11-23T08:45:00.000Z')).map((h) => h.messageId)).toEqual(['h-1']);
    expect(await holds.unreleased('2026-11-23T08:15:00.000Z')).toEqual([]);
    await holds.markReleased(`${MAILBOX}/h-1`, '2026-11-23T09:00:00.000Z');
    expect(await holds.unreleased('2026-11-23T10:00:00.000Z')).toEqual([]);
    expect(await listed()).toEqual([
      { ...waiting, decision: 'confirmed', releasedAt: '2026-11-23T09:00:00.000Z' },
    ]);
  });

  it('counts failed lookups per source and window, shared by every instance, storing no address', async () => {
    const clock = { now: () => new Date('2026-11-23T09:00:00.000Z') };
    const one = new DynamoDbFailedLookups(client, tables.portalLinks, clock, { limit: 3 });
    const other = new DynamoDbFailedLookups(client, tables.portalLinks, clock, { limit: 3 });
    await one.recordFailure('192.0.2.1');
    await other.recordFailure('192.0.2.1');
    expect(await one.blocked('192.0.2.1')).toBe(false);
    await one.recordFailure('192.0.2.1');
    expect(await other.blocked('192.0.2.1')).toBe(true);
    expect(await other.blocked('192.0.2.2')).toBe(false);
    const later = { now: () => new Date('2026-11-23T09:20:00.000Z') };
    expect(
      await new DynamoDbFailedLookups(client, tables.portalLinks, later, { limit: 3 }).blocked('192.0.2.1'),
    ).toBe(false);
    const { Items } = await client.send(new ScanCommand({ TableName: tables.portalLinks }));
    expect(JSON.stringify(Items)).not.toContain('192.0.2.1');
    // Counter items stay out of the mailbox index (they have no mailbox).
    expect(
      (await new DynamoDbPortalLinks(client, tables.portalLinks).listByMailbox(MAILBOX)).every(
        (l) => l.messageId,
      ),
    ).toBe(true);
  });
});
