import { performance } from 'node:perf_hooks';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuditWrite, observeAuditWrites } from '../../local/audit-writes.ts';
import { createTables, localTableNames } from '../../local/create-tables.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { localCacheDir } from './support.ts';

const entry = (seq: string, stage: AuditEntry['stage']): AuditEntry => ({
  messageId: 'm-observed',
  seq,
  stage,
  at: '2026-11-23T10:00:00.000Z',
  day: '2026-11-23',
  mailbox: 'uc@caveat.example.gov.uk',
  objectKey: 'inbound/uc@caveat.example.gov.uk/m-observed',
  actor: 'caveat-ingest',
  purgeAfter: 1,
});

describe('observeAuditWrites', () => {
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;
  const tables = localTableNames();
  const seen: [AuditWrite, number][] = [];

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ cacheDir: localCacheDir() });
    client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(client);
    observeAuditWrites(client, tables.decisions, (write, at) => seen.push([write, at]));
  }, 120_000);
  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
  });

  it('reports each stored audit entry once DynamoDB has answered, and nothing else', async () => {
    const audit = new DynamoDbAuditLog(client, tables.decisions);
    const before = performance.now();
    await audit.append(entry('uc@caveat.example.gov.uk#1#classify', 'classify'));
    const after = performance.now();
    await client.send(
      new PutItemCommand({ TableName: tables.holds, Item: { holdKey: { S: 'uc/m-observed' } } }),
    );
    // A plain PutItem, as well as the document client's.
    await client.send(
      new PutItemCommand({
        TableName: tables.decisions,
        Item: {
          messageId: { S: 'm-observed' },
          seq: { S: 'uc@caveat.example.gov.uk#2#deliver' },
          stage: { S: 'deliver' },
        },
      }),
    );

    expect(seen.map(([write]) => write)).toEqual([
      { messageId: 'm-observed', seq: 'uc@caveat.example.gov.uk#1#classify', stage: 'classify' },
      { messageId: 'm-observed', seq: 'uc@caveat.example.gov.uk#2#deliver', stage: 'deliver' },
    ]);
    expect(seen[0]?.[1]).toBeGreaterThan(before);
    expect(seen[0]?.[1]).toBeLessThanOrEqual(after);
  });

  it('does not report a write DynamoDB refused (an entry already there)', async () => {
    const count = seen.length;
    await new DynamoDbAuditLog(client, tables.decisions).append(
      entry('uc@caveat.example.gov.uk#1#classify', 'classify'),
    );
    expect(seen).toHaveLength(count);
  });
});
