import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { DynamoDbNotificationLedger } from '../../shared/adapters/dynamodb-notification-ledger.ts';
import { conditionFailed, throughputExceeded } from './dynamodb-errors.ts';

const db = mockClient(DynamoDBDocumentClient);
const clock = { now: () => new Date('2026-11-23T09:00:00.000Z') };
const NOW = Date.parse('2026-11-23T09:00:00.000Z') / 1000;
const ledger = (ttlSeconds?: number) =>
  new DynamoDbNotificationLedger(new DynamoDBClient({ region: 'eu-west-2' }), 'caveat-idempotency', {
    clock,
    ...(ttlSeconds ? { ttlSeconds } : {}),
  });
const KEY = '0100018f2b3c4d5e-abc#protect';

beforeEach(() => db.reset());

describe('DynamoDbNotificationLedger', () => {
  describe('claim', () => {
    it('puts a claimed item expiring after 30 days, if the key is new or its claim went stale', async () => {
      db.on(PutCommand).resolves({});
      expect(await ledger().claim(KEY)).toBe(true);
      expect(db.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
        {
          TableName: 'caveat-idempotency',
          Item: {
            id: `notified#${KEY}`,
            status: 'claimed',
            claimedAt: '2026-11-23T09:00:00.000Z',
            expiration: NOW + 30 * 24 * 3600,
          },
          ConditionExpression:
            'attribute_not_exists(#id) OR (#status = :claimed AND #claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#claimedAt': 'claimedAt' },
          // 15 minutes before now: a claim older than any Lambda run was abandoned mid-send.
          ExpressionAttributeValues: { ':claimed': 'claimed', ':staleBefore': '2026-11-23T08:45:00.000Z' },
        },
      ]);
    });

    it('uses the configured time to live', async () => {
      db.on(PutCommand).resolves({});
      await ledger(3600).claim(KEY);
      expect(db.commandCalls(PutCommand)[0]?.args[0].input.Item).toMatchObject({ expiration: NOW + 3600 });
    });

    it('returns false when someone claimed the key first', async () => {
      db.on(PutCommand).rejects(conditionFailed());
      expect(await ledger().claim(KEY)).toBe(false);
    });

    it('lets other errors through', async () => {
      db.on(PutCommand).rejects(throughputExceeded());
      await expect(ledger().claim(KEY)).rejects.toMatchObject({
        name: 'ProvisionedThroughputExceededException',
      });
    });
  });

  it('confirms with the status sent and the provider message id', async () => {
    db.on(UpdateCommand).resolves({});
    await ledger().confirm(KEY, 'ses-0100018f');
    expect(db.commandCalls(UpdateCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'caveat-idempotency',
        Key: { id: `notified#${KEY}` },
        UpdateExpression: 'SET #status = :sent, #providerMessageId = :pid, #sentAt = :at, #expiration = :exp',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#providerMessageId': 'providerMessageId',
          '#sentAt': 'sentAt',
          '#expiration': 'expiration',
        },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':pid': 'ses-0100018f',
          ':at': '2026-11-23T09:00:00.000Z',
          ':exp': NOW + 30 * 24 * 3600,
        },
      },
    ]);
  });

  describe('release', () => {
    it('deletes the item only while it is claimed', async () => {
      db.on(DeleteCommand).resolves({});
      await ledger().release(KEY);
      expect(db.commandCalls(DeleteCommand).map((c) => c.args[0].input)).toEqual([
        {
          TableName: 'caveat-idempotency',
          Key: { id: `notified#${KEY}` },
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        },
      ]);
    });

    it('leaves a sent notification as it is, without error', async () => {
      db.on(DeleteCommand).rejects(conditionFailed());
      await expect(ledger().release(KEY)).resolves.toBeUndefined();
    });

    it('lets other errors through', async () => {
      db.on(DeleteCommand).rejects(throughputExceeded());
      await expect(ledger().release(KEY)).rejects.toMatchObject({
        name: 'ProvisionedThroughputExceededException',
      });
    });
  });
});
