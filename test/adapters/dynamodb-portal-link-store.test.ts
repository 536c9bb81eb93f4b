import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  DynamoDbPortalLinkStore,
  PortalLinkCollisionError,
} from '../../shared/adapters/dynamodb-portal-link-store.ts';
import type { PortalLinkRecord } from '../../shared/pipeline/ports.ts';
import { conditionFailed, throughputExceeded } from './dynamodb-errors.ts';

const db = mockClient(DynamoDBDocumentClient);
const links = () =>
  new DynamoDbPortalLinkStore(new DynamoDBClient({ region: 'eu-west-2' }), 'caveat-portal-links');

const LINK: PortalLinkRecord = {
  linkHash: 'a3f1'.repeat(16),
  messageId: '0100018f2b3c4d5e-abc',
  mailbox: 'universal.credit@caveat.example.gov.uk',
  ciphertextKey: 'ciphertext/universal.credit@caveat.example.gov.uk/0100018f2b3c4d5e-abc',
  classification: 'OFFICIAL-SENSITIVE',
  createdAt: '2026-11-23T09:00:00.000Z',
  expiresAt: 1_764_147_600,
};

beforeEach(() => db.reset());

describe('DynamoDbPortalLinkStore', () => {
  it('stores the link by its hash, on condition that the hash is new', async () => {
    db.on(PutCommand).resolves({});
    await links().create(LINK);
    expect(db.commandCalls(PutCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'caveat-portal-links',
        Item: LINK,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': 'linkHash' },
      },
    ]);
  });

  it('fails on a hash that exists, without quoting it', async () => {
    db.on(PutCommand).rejects(conditionFailed());
    const error = await links()
      .create(LINK)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PortalLinkCollisionError);
    expect((error as Error).message).not.toContain(LINK.linkHash);
  });

  it('lets other errors through', async () => {
    db.on(PutCommand).rejects(throughputExceeded());
    await expect(links().create(LINK)).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});
