/**
 * The audit log's hash chains on DynamoDB Local: concurrent writers, duplicates, sealing, daily
 * digests in the S3 server, and verification naming each altered, inserted and removed entry.
 */
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { S3AuditDigestStore } from '../../shared/adapters/s3-audit-digest-store.ts';
import { chainId, genesisHash } from '../../shared/audit/chain.ts';
import { digestDays } from '../../shared/audit/digest.ts';
import { verifyAuditLog } from '../../shared/audit/verify.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { type AuditServices, DIGEST_BUCKET, startAuditServices } from './audit-support.ts';

const DAY = '2026-11-20';
const entry = (mailbox: string, n: number, day = DAY): AuditEntry => ({
  messageId: `m-${mailbox.split('@')[0]}-${n}`,
  seq: `${mailbox}#1#classify`,
  stage: 'classify',
  at: `${day}T10:00:${String(n % 60).padStart(2, '0')}.000Z`,
  day,
  mailbox,
  objectKey: `inbound/${mailbox}/m-${n}`,
  classification: 'OFFICIAL',
  action: 'deliver',
  ruleId: 'DWP-1.8',
  actor: 'caveat-ingest',
  purgeAfter: 1_953_795_600,
});

describe('Audit chains on DynamoDB Local', () => {
  let services: AuditServices;
  let log: DynamoDbAuditLog;
  let reader: DynamoDbAuditReader;
  let digests: S3AuditDigestStore;
  const clock = { now: () => new Date('2026-11-22T00:30:00.000Z') };

  beforeAll(async () => {
    services = await startAuditServices('audit-chain');
    log = new DynamoDbAuditLog(services.dynamodb, services.tables.decisions);
    reader = new DynamoDbAuditReader(services.dynamodb, services.tables.decisions);
    digests = new S3AuditDigestStore(services.s3, DIGEST_BUCKET);
  }, 180_000);
  afterAll(() => services?.stop());

  const verify = () => verifyAuditLog({ chains: reader, reader, digests })([DAY, '2026-11-21']);
  const raw = (item: Record<string, unknown>) =>
    DynamoDBDocumentClient.from(services.dynamodb).send(
      new PutCommand({ TableName: services.tables.decisions, Item: item }),
    );

  it('links concurrent writers into one unbroken chain, each entry once', async () => {
    const mailbox = 'busy@caveat.example.gov.uk';
    const writers = Array.from({ length: 8 }, (_, w) =>
      (async () => {
        const own = new DynamoDbAuditLog(services.dynamodb, services.tables.decisions);
        const results = [];
        for (let i = 0; i < 10; i++) results.push(await own.append(entry(mailbox, w * 100 + i)));
        return results;
      })(),
    );
    const results = (await Promise.all(writers)).flat();
    expect(results.filter((r) => r === 'recorded')).toHaveLength(80);

    const chain = chainId(mailbox, DAY);
    const entries = await reader.entries(chain);
    expect(entries.map((e) => e.chainSeq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    expect(entries[0]?.prevHash).toBe(genesisHash(chain));
    for (let i = 1; i < entries.length; i++) expect(entries[i]?.prevHash).toBe(entries[i - 1]?.hash);
    expect(await reader.head(chain)).toEqual({ chain, length: 80, headHash: entries.at(-1)?.hash });
  });

  it('records a redelivered entry once and leaves the chain as it was', async () => {
    const mailbox = 'dupes@caveat.example.gov.uk';
    expect(await log.append(entry(mailbox, 1))).toBe('recorded');
    expect(await log.append({ ...entry(mailbox, 1), actor: 'someone-else' })).toBe('duplicate');
    expect(await log.append(entry(mailbox, 2))).toBe('recorded');
    const entries = await reader.entries(chainId(mailbox, DAY));
    expect(entries.map((e) => [e.chainSeq, e.actor])).toEqual([
      [1, 'caveat-ingest'],
      [2, 'caveat-ingest'],
    ]);
  });

  it('passes an untouched log, digested', async () => {
    for (const n of [1, 2, 3, 4]) await log.append(entry('alter@caveat.example.gov.uk', n));
    for (const n of [1, 2, 3, 4]) await log.append(entry('insert@caveat.example.gov.uk', n));
    for (const n of [1, 2, 3, 4]) await log.append(entry('remove@caveat.example.gov.uk', n));
    const run = await digestDays({ chains: reader, digests, clock })([DAY]);
    expect(run.digested).toHaveLength(5);
    expect((await digestDays({ chains: reader, digests, clock })([DAY])).skipped).toHaveLength(5);
    const report = await verify();
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.chains.every((c) => c.digested)).toBe(true);
  });

  it('moves a late entry for a sealed day to the next day, still verifiable', async () => {
    expect(await log.append(entry('dupes@caveat.example.gov.uk', 3))).toBe('recorded');
    const late = await reader.entries(chainId('dupes@caveat.example.gov.uk', '2026-11-21'));
    expect(late.map((e) => [e.messageId, e.day, e.chainSeq])).toEqual([['m-dupes-3', DAY, 1]]);
    expect((await verify()).ok).toBe(true);
  });

  it('names an altered, an inserted and a removed entry', async () => {
    const chainOf = (name: string) => chainId(`${name}@caveat.example.gov.uk`, DAY);
    const [altered] = (await reader.entries(chainOf('alter'))).slice(1, 2);
    await raw({ ...altered, classification: 'OFFICIAL-SENSITIVE' });

    const last = (await reader.entries(chainOf('insert'))).at(-1);
    await raw({ ...last, messageId: 'forged-1', chainSeq: 5, prevHash: last?.hash });
    await raw({ ...entry('insert@caveat.example.gov.uk', 9), messageId: 'forged-2' });

    const [removed] = (await reader.entries(chainOf('remove'))).slice(2, 3);
    await DynamoDBDocumentClient.from(services.dynamodb).send(
      new DeleteCommand({
        TableName: services.tables.decisions,
        Key: { messageId: removed?.messageId, seq: removed?.seq },
      }),
    );

    const report = await verify();
    expect(report.ok).toBe(false);
    expect(
      report.findings
        .map((f) => [f.kind, f.messageId, f.chainSeq])
        .sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    ).toEqual(
      [
        ['inserted', 'forged-1', 5],
        ['inserted', 'forged-2', undefined],
        ['altered', altered?.messageId, 2],
        ['removed', removed?.messageId, 3],
      ].sort((a, b) => String(a[1]).localeCompare(String(b[1]))),
    );
  });
});
