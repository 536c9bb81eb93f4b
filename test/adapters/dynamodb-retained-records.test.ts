import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoDbRetainedHolds,
  DynamoDbRetainedLinks,
} from '../../shared/adapters/dynamodb-retained-records.ts';

const db = mockClient(DynamoDBDocumentClient);
const client = () => new DynamoDBClient({ region: 'eu-west-2' });
const mailbox = 'uc@caveat.example.gov.uk';

beforeEach(() => db.reset());

describe('DynamoDbRetainedHolds', () => {
  it('queries a mailbox’s holds through byMailbox, every page, never reading the sender', async () => {
    db.on(QueryCommand)
      .resolvesOnce({ Items: [{ holdKey: `${mailbox}/a` }], LastEvaluatedKey: { holdKey: `${mailbox}/a` } })
      .resolvesOnce({ Items: [{ holdKey: `${mailbox}/b` }] });
    const holds = await new DynamoDbRetainedHolds(client(), 'caveat-holds').ofMailbox(mailbox);
    expect(holds.map((hold) => hold.holdKey)).toEqual([`${mailbox}/a`, `${mailbox}/b`]);
    const inputs = db.commandCalls(QueryCommand).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    const [first] = inputs;
    expect(first).toMatchObject({
      TableName: 'caveat-holds',
      IndexName: 'byMailbox',
      KeyConditionExpression: '#mailbox = :mailbox',
      ExpressionAttributeValues: { ':mailbox': mailbox },
    });
    const projected = (first?.ProjectionExpression ?? '')
      .split(', ')
      .map((name) => first?.ExpressionAttributeNames?.[name]);
    // What the plan needs: the hold's identity, its end and its decision.
    expect(projected).toEqual(
      expect.arrayContaining(['holdKey', 'mailbox', 'messageId', 'expiresAt', 'decision']),
    );
    expect(projected).not.toContain('senderAddress');
    expect(db.commandCalls(ScanCommand)).toHaveLength(0);
  });

  it('deletes a hold by its key', async () => {
    db.on(DeleteCommand).resolves({});
    await new DynamoDbRetainedHolds(client(), 'caveat-holds').remove(`${mailbox}/a`);
    expect(db.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'caveat-holds',
      Key: { holdKey: `${mailbox}/a` },
    });
  });
});

describe('DynamoDbRetainedLinks', () => {
  it('queries a mailbox’s links through byMailbox, filtered to those expired by now', async () => {
    db.on(QueryCommand).resolves({ Items: [{ linkHash: 'h', expiresAt: 1 }] });
    const now = new Date('2026-11-23T01:00:00.500Z');
    const links = await new DynamoDbRetainedLinks(client(), 'caveat-portal-links').expiredOf(mailbox, now);
    expect(links).toEqual([{ linkHash: 'h', expiresAt: 1 }]);
    const input = db.commandCalls(QueryCommand)[0]?.args[0].input;
    expect(input).toMatchObject({ TableName: 'caveat-portal-links', IndexName: 'byMailbox' });
    const [name] = (input?.FilterExpression ?? '').split(' ');
    expect(input?.ExpressionAttributeNames?.[name ?? '']).toBe('expiresAt');
    expect(input?.FilterExpression).toMatch(/<= :now$/);
    expect(input?.ExpressionAttributeValues?.[':now']).toBe(Math.floor(now.getTime() / 1000));
  });

  it('deletes a link by its hash', async () => {
    db.on(DeleteCommand).resolves({});
    await new DynamoDbRetainedLinks(client(), 'caveat-portal-links').remove('h');
    expect(db.commandCalls(DeleteCommand)[0]?.args[0].input).toEqual({
      TableName: 'caveat-portal-links',
      Key: { linkHash: 'h' },
    });
  });
});
