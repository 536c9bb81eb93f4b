import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbHoldRegister } from '../../shared/adapters/dynamodb-hold-register.ts';
import type { HoldRecord } from '../../shared/pipeline/ports.ts';
import { conditionFailed, throughputExceeded } from './dynamodb-errors.ts';

const db = mockClient(DynamoDBDocumentClient);
const holds = () => new DynamoDbHoldRegister(new DynamoDBClient({ region: 'eu-west-2' }), 'caveat-holds');

const HOLD: HoldRecord = {
  holdKey: 'universal.credit@caveat.example.gov.uk/0100018f2b3c4d5e-abc',
  messageId: '0100018f2b3c4d5e-abc',
  mailbox: 'universal.credit@caveat.example.gov.uk',
  objectKey: 'inbound/universal.credit@caveat.example.gov.uk/0100018f2b3c4d5e-abc',
  senderAddress: 'jo.bloggs@example.com',
  classification: 'OFFICIAL-SENSITIVE',
  policy: { id: 'dwp', version: '2026.1' },
  heldAt: '2026-11-23T09:00:00.000Z',
  expiresAt: 1_766_480_400,
};

beforeEach(() => db.reset());

describe('DynamoDbHoldRegister', () => {
  it('finds confirmed holds not yet released, decided before a time', async () => {
    db.on(ScanCommand).resolves({ Items: [{ ...HOLD, decision: 'confirmed' }] });
    expect(await holds().unreleased('2026-11-24T10:00:00.000Z')).toEqual([
      { ...HOLD, decision: 'confirmed' },
    ]);
    expect(db.commandCalls(ScanCommand)[0]?.args[0].input).toMatchObject({
      TableName: 'caveat-holds',
      FilterExpression:
        '#decision = :confirmed AND attribute_not_exists(#releasedAt) AND #decidedAt < :before',
      ExpressionAttributeValues: { ':confirmed': 'confirmed', ':before': '2026-11-24T10:00:00.000Z' },
    });
  });

  it('marks a hold released only when it is confirmed', async () => {
    db.on(UpdateCommand).resolves({});
    await holds().markReleased(HOLD.holdKey, '2026-11-24T10:05:00.000Z');
    expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'caveat-holds',
      Key: { holdKey: HOLD.holdKey },
      UpdateExpression: 'SET #releasedAt = :at',
      ConditionExpression: '#decision = :confirmed',
      ExpressionAttributeNames: { '#releasedAt': 'releasedAt', '#decision': 'decision' },
      ExpressionAttributeValues: { ':at': '2026-11-24T10:05:00.000Z', ':confirmed': 'confirmed' },
    });
  });

  it('reads a hold by key with a strongly consistent read, so a release sees the decision just made', async () => {
    db.on(GetCommand).resolves({ Item: { ...HOLD, decision: 'confirmed' } });
    expect(await holds().get(HOLD.holdKey)).toEqual({ ...HOLD, decision: 'confirmed' });
    expect(db.commandCalls(GetCommand)[0]?.args[0].input).toEqual({
      TableName: 'caveat-holds',
      Key: { holdKey: HOLD.holdKey },
      ConsistentRead: true,
    });
    db.on(GetCommand).resolves({});
    expect(await holds().get(HOLD.holdKey)).toBeUndefined();
  });

  it('places the hold on condition that the message has none', async () => {
    db.on(PutCommand).resolves({});
    await holds().place(HOLD);
    expect(db.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'caveat-holds',
        Item: HOLD,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': 'holdKey' },
      },
    ]);
  });

  it('keeps the first hold when the message is held already', async () => {
    db.on(PutCommand).rejects(conditionFailed());
    await expect(holds().place(HOLD)).resolves.toBeUndefined();
  });

  it('lets other errors through', async () => {
    db.on(PutCommand).rejects(throughputExceeded());
    await expect(holds().place(HOLD)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });

  it('decides a hold once: the write is conditional on no decision yet', async () => {
    db.on(UpdateCommand).resolvesOnce({}).rejects(conditionFailed());
    expect(await holds().decide(HOLD.holdKey, 'confirmed', '2026-11-24T10:00:00.000Z')).toBe(true);
    expect(await holds().decide(HOLD.holdKey, 'not-me', '2026-11-24T10:01:00.000Z')).toBe(false);
    expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toMatchObject({
      Key: { holdKey: HOLD.holdKey },
      ConditionExpression: 'attribute_exists(#key) AND attribute_not_exists(#decision)',
      ExpressionAttributeValues: { ':decision': 'confirmed', ':at': '2026-11-24T10:00:00.000Z' },
    });
  });

  it('lets other failures of a decision through', async () => {
    db.on(UpdateCommand).rejects(throughputExceeded());
    await expect(holds().decide(HOLD.holdKey, 'expired', 'x')).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });

  it('finds a hold by its confirmation hash through the index, and refuses an ambiguous hash', async () => {
    db.on(QueryCommand)
      .resolvesOnce({ Items: [HOLD] })
      .resolvesOnce({ Items: [HOLD, HOLD] });
    expect(await holds().findByConfirmation('ab12')).toEqual(HOLD);
    expect(await holds().findByConfirmation('ab12')).toBeUndefined();
    expect(db.commandCalls(QueryCommand)[0]?.args[0].input).toMatchObject({
      IndexName: 'byConfirmation',
      ExpressionAttributeValues: { ':hash': 'ab12' },
    });
  });

  it('sets the confirmation hash only on an undecided hold, touching nothing else', async () => {
    db.on(UpdateCommand).resolves({});
    await holds().setConfirmation(HOLD.holdKey, 'cd34');
    expect(db.commandCalls(UpdateCommand)[0]?.args[0].input).toEqual({
      TableName: 'caveat-holds',
      Key: { holdKey: HOLD.holdKey },
      UpdateExpression: 'SET #hash = :hash',
      ConditionExpression: 'attribute_exists(#key) AND attribute_not_exists(#decision)',
      ExpressionAttributeNames: { '#hash': 'confirmationHash', '#key': 'holdKey', '#decision': 'decision' },
      ExpressionAttributeValues: { ':hash': 'cd34' },
    });
  });
});
