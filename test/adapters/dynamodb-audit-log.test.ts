import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { TABLE_DEFINITIONS } from '../../infra/table-definitions.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { conditionFailed, throughputExceeded } from './dynamodb-errors.ts';

const db = mockClient(DynamoDBDocumentClient);
const log = () => new DynamoDbAuditLog(new DynamoDBClient({ region: 'eu-west-2' }), 'caveat-decisions');

const ENTRY: AuditEntry = {
  messageId: '0100018f2b3c4d5e-abc',
  seq: '2#hold',
  stage: 'hold',
  at: '2026-11-23T09:00:00.000Z',
  day: '2026-11-23',
  mailbox: 'universal.credit@caveat.example.gov.uk',
  objectKey: 'inbound/universal.credit@caveat.example.gov.uk/0100018f2b3c4d5e-abc',
  classification: 'OFFICIAL-SENSITIVE',
  action: 'hold',
  ruleId: 'DWP-3.10',
  senderDomain: 'example.com',
  actor: 'caveat-ingest',
  outcome: { notification: 'sent' },
  purgeAfter: 1_953_795_600,
};

beforeEach(() => db.reset());

describe('DynamoDbAuditLog', () => {
  it('writes the entry flat, on condition that it is not there yet', async () => {
    db.on(PutCommand).resolves({});
    expect(await log().append(ENTRY)).toBe('recorded');
    expect(db.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'caveat-decisions',
        Item: ENTRY,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': 'seq' },
      },
    ]);
  });

  it('sends every key of the decisions table and its indexes as a top-level string', async () => {
    db.on(PutCommand).resolves({});
    await log().append(ENTRY);
    const item = db.commandCalls(PutCommand)[0]?.args[0].input.Item ?? {};
    const { decisions } = TABLE_DEFINITIONS;
    const names = [
      decisions.partitionKey.name,
      decisions.sortKey.name,
      ...decisions.globalSecondaryIndexes.flatMap((index) => [index.partitionKey.name, index.sortKey?.name]),
    ].filter((name) => name !== undefined);
    expect(names).toContain('senderDomain');
    for (const name of names) expect(typeof item[name], name).toBe('string');
  });

  it('reports a duplicate when the entry already exists', async () => {
    db.on(PutCommand).rejects(conditionFailed());
    expect(await log().append(ENTRY)).toBe('duplicate');
  });

  it('lets other errors through', async () => {
    db.on(PutCommand).rejects(throughputExceeded());
    await expect(log().append(ENTRY)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});
