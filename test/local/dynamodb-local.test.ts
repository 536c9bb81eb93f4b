import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_DEFINITIONS, toCreateTableInput } from '../../infra/table-definitions.ts';
import { createTables, localTableNames } from '../../local/create-tables.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { localCacheDir } from './support.ts';

describe('DynamoDB Local with the stack’s tables', () => {
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-ddb-data-'));

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ cacheDir: localCacheDir(), dataDir });
    client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(client);
  }, 120_000);

  afterAll(async () => {
    client?.destroy();
    await ddb?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('creates every table with its key schema, indexes and TTL', async () => {
    const names = localTableNames();
    for (const [key, definition] of Object.entries(TABLE_DEFINITIONS)) {
      const { Table } = await client.send(
        new DescribeTableCommand({ TableName: names[key as keyof typeof names] }),
      );
      expect(Table?.KeySchema?.[0]).toEqual({ AttributeName: definition.partitionKey.name, KeyType: 'HASH' });
      expect((Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName).sort()).toEqual(
        definition.globalSecondaryIndexes.map((i) => i.indexName).sort(),
      );
      if ('timeToLiveAttribute' in definition) {
        const ttl = await client.send(
          new DescribeTimeToLiveCommand({ TableName: names[key as keyof typeof names] }),
        );
        expect(ttl.TimeToLiveDescription?.AttributeName).toBe(definition.timeToLiveAttribute);
      }
    }
  });

  it('is idempotent and keeps data across a restart', async () => {
    const TableName = localTableNames().contacts;
    await client.send(new PutItemCommand({ TableName, Item: { contactKey: { S: 'email#a@example.com' } } }));
    await ddb.stop();
    ddb = await startDynamoDbLocal({ cacheDir: localCacheDir(), dataDir, port: ddb.port });
    await createTables(client);
    const { Item } = await client.send(
      new GetItemCommand({ TableName, Key: { contactKey: { S: 'email#a@example.com' } } }),
    );
    expect(Item?.contactKey?.S).toBe('email#a@example.com');
  }, 60_000);

  it('comes back on the same port with its data after being killed', async () => {
    const TableName = localTableNames().contacts;
    await client.send(new PutItemCommand({ TableName, Item: { contactKey: { S: 'email#b@example.com' } } }));
    await ddb.kill();
    await expect(client.send(new DescribeTableCommand({ TableName }))).rejects.toThrow();
    await ddb.restart();
    const { Item } = await client.send(
      new GetItemCommand({ TableName, Key: { contactKey: { S: 'email#b@example.com' } } }),
    );
    expect(Item?.contactKey?.S).toBe('email#b@example.com');
  }, 60_000);

  it('adds an index defined after a persisted table was made', async () => {
    const TableName = 'older-holds';
    const { GlobalSecondaryIndexes: _none, ...older } = toCreateTableInput(
      TABLE_DEFINITIONS.holds,
      TableName,
    );
    await client.send(
      new CreateTableCommand({
        ...older,
        AttributeDefinitions: [{ AttributeName: 'holdKey', AttributeType: 'S' }],
      }),
    );
    await createTables(client, { ...localTableNames(), holds: TableName });
    const { Table } = await client.send(new DescribeTableCommand({ TableName }));
    expect(Table?.GlobalSecondaryIndexes?.map((i) => i.IndexName).sort()).toEqual([
      'byConfirmation',
      'byMailbox',
    ]);
  });
});
