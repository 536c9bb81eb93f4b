import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { TABLE_DEFINITIONS } from '../../infra/table-definitions.ts';
import { AuditChainContentionError, DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { chainId, entryHash, genesisHash } from '../../shared/audit/chain.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { throughputExceeded } from './dynamodb-errors.ts';

const db = mockClient(DynamoDBDocumentClient);
const noWait = async () => undefined;
const log = (maxAttempts?: number) =>
  new DynamoDbAuditLog(new DynamoDBClient({ region: 'eu-west-2' }), 'caveat-decisions', {
    backoff: noWait,
    ...(maxAttempts ? { maxAttempts } : {}),
  });

const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const CHAIN = chainId(MAILBOX, '2026-11-23');
const ENTRY: AuditEntry = {
  messageId: '0100018f2b3c4d5e-abc',
  seq: `${MAILBOX}#2#hold`,
  stage: 'hold',
  at: '2026-11-23T09:00:00.000Z',
  day: '2026-11-23',
  mailbox: MAILBOX,
  objectKey: `inbound/${MAILBOX}/0100018f2b3c4d5e-abc`,
  classification: 'OFFICIAL-SENSITIVE',
  action: 'hold',
  ruleId: 'DWP-3.10',
  senderDomain: 'example.com',
  actor: 'caveat-ingest',
  outcome: { notification: 'sent' },
  purgeAfter: 1_953_795_600,
};

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });
const headItem = (length: number, headHash: string, sealedAt?: string) => ({
  messageId: `chain#${CHAIN}`,
  seq: 'head',
  chainHead: CHAIN,
  chainDay: '2026-11-23',
  length,
  headHash,
  ...(sealedAt ? { sealedAt } : {}),
  purgeAfter: 1,
});
const transactions = () =>
  db.commandCalls(TransactWriteCommand).map((c) => c.args[0].input.TransactItems ?? []);

beforeEach(() => db.reset());

describe('DynamoDbAuditLog', () => {
  it('starts a chain: the entry linked to the genesis hash and the head, in one transaction', async () => {
    db.on(GetCommand).resolves({});
    db.on(TransactWriteCommand).resolves({});
    expect(await log().append(ENTRY)).toBe('recorded');
    const [entryPut, headPut] = transactions()[0] ?? [];
    const stored = entryPut?.Put?.Item ?? {};
    expect(stored).toMatchObject({ ...ENTRY, chain: CHAIN, chainSeq: 1, prevHash: genesisHash(CHAIN) });
    expect(stored.hash).toBe(
      entryHash({ ...ENTRY, chain: CHAIN, chainSeq: 1, prevHash: genesisHash(CHAIN) }),
    );
    expect(entryPut?.Put?.ConditionExpression).toBe('attribute_not_exists(seq)');
    expect(headPut?.Put).toMatchObject({
      TableName: 'caveat-decisions',
      Item: { messageId: `chain#${CHAIN}`, seq: 'head', length: 1, headHash: stored.hash },
      ConditionExpression: 'attribute_not_exists(seq)',
    });
  });

  it('moves an existing head only from the state it read', async () => {
    db.on(GetCommand).resolves({ Item: headItem(4, 'f'.repeat(64)) });
    db.on(TransactWriteCommand).resolves({});
    await log().append(ENTRY);
    const [entryPut, headPut] = transactions()[0] ?? [];
    expect(entryPut?.Put?.Item).toMatchObject({ chainSeq: 5, prevHash: 'f'.repeat(64) });
    expect(headPut?.Put).toMatchObject({
      ConditionExpression: '#length = :length AND headHash = :hash AND attribute_not_exists(sealedAt)',
      ExpressionAttributeValues: { ':length': 4, ':hash': 'f'.repeat(64) },
      Item: { length: 5 },
    });
  });

  it('relinks after losing the race for the head', async () => {
    db.on(GetCommand)
      .resolvesOnce({ Item: headItem(1, 'a'.repeat(64)) })
      .resolves({ Item: headItem(2, 'b'.repeat(64)) });
    db.on(TransactWriteCommand).rejectsOnce(cancelled('None', 'ConditionalCheckFailed')).resolves({});
    expect(await log().append(ENTRY)).toBe('recorded');
    expect(transactions().map((t) => t[0]?.Put?.Item?.chainSeq)).toEqual([2, 3]);
  });

  it('reports a duplicate when the entry already exists', async () => {
    db.on(GetCommand).resolves({ Item: headItem(1, 'a'.repeat(64)) });
    db.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    expect(await log().append(ENTRY)).toBe('duplicate');
  });

  it('appends to the next day when the entry’s day is sealed', async () => {
    db.on(GetCommand, { Key: { messageId: `chain#${CHAIN}`, seq: 'head' } })
      .resolves({ Item: headItem(3, 'a'.repeat(64), '2026-11-24T00:30:00.000Z') })
      .on(GetCommand, { Key: { messageId: `chain#${MAILBOX}#2026-11-24`, seq: 'head' } })
      .resolves({});
    db.on(TransactWriteCommand).resolves({});
    await log().append(ENTRY);
    expect(transactions()[0]?.[0]?.Put?.Item).toMatchObject({
      chain: `${MAILBOX}#2026-11-24`,
      chainSeq: 1,
      day: '2026-11-23',
    });
  });

  it('gives up after the configured attempts, naming the chain', async () => {
    db.on(GetCommand).resolves({ Item: headItem(1, 'a'.repeat(64)) });
    db.on(TransactWriteCommand).rejects(cancelled('None', 'TransactionConflict'));
    await expect(log(3).append(ENTRY)).rejects.toThrow(AuditChainContentionError);
    expect(transactions()).toHaveLength(3);
  });

  it('lets other errors through', async () => {
    db.on(GetCommand).resolves({});
    db.on(TransactWriteCommand).rejects(throughputExceeded());
    await expect(log().append(ENTRY)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });

  it('sends every key of the decisions table and its indexes with the type the index declares', async () => {
    db.on(GetCommand).resolves({});
    db.on(TransactWriteCommand).resolves({});
    await log().append({ ...ENTRY, officer: 'officer-a', policyVersion: '2026.1' });
    const [entryPut, headPut] = transactions()[0] ?? [];
    const { decisions } = TABLE_DEFINITIONS;
    const keys = [
      decisions.partitionKey,
      decisions.sortKey,
      ...decisions.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
    ];
    const typeOf = { S: 'string', N: 'number', B: 'object' } as const;
    for (const key of keys.filter((k) => k !== undefined)) {
      const value = entryPut?.Put?.Item?.[key.name] ?? headPut?.Put?.Item?.[key.name];
      expect(typeof value, key.name).toBe(typeOf[key.type]);
    }
  });
});
