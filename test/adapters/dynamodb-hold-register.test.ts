import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
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
});
