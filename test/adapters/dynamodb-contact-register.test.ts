import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { contactKey, DynamoDbContactRegister } from '../../shared/adapters/dynamodb-contact-register.ts';
import { throughputExceeded } from './dynamodb-errors.ts';

const db = mockClient(DynamoDBDocumentClient);
const contacts = () =>
  new DynamoDbContactRegister(new DynamoDBClient({ region: 'eu-west-2' }), 'caveat-contacts');

beforeEach(() => db.reset());

describe('DynamoDbContactRegister', () => {
  it('keys an email contact by its trimmed, lower-cased address', () => {
    expect(contactKey(' Jo.Bloggs@Example.COM ')).toBe('email#jo.bloggs@example.com');
  });

  it('reads only the validation flags of the contact item', async () => {
    db.on(GetCommand).resolves({ Item: { validated: true } });
    expect(await contacts().isValidatedContact('Jo.Bloggs@example.com')).toBe(true);
    expect(db.commandCalls(GetCommand).map((c) => c.args[0].input)).toEqual([
      {
        TableName: 'caveat-contacts',
        Key: { contactKey: 'email#jo.bloggs@example.com' },
        ProjectionExpression: '#validated, #revokedAt',
        ExpressionAttributeNames: { '#validated': 'validated', '#revokedAt': 'revokedAt' },
      },
    ]);
  });

  it.each([
    ['no item', undefined],
    ['an unvalidated contact', { validated: false }],
    ['a contact without the flag', {}],
    ['a flag that is not a boolean', { validated: 'true' }],
    ['a revoked contact', { validated: true, revokedAt: '2026-10-01T00:00:00.000Z' }],
    ['a revocation of unknown date', { validated: true, revokedAt: null }],
  ])('does not count %s', async (_case, item) => {
    db.on(GetCommand).resolves({ Item: item });
    expect(await contacts().isValidatedContact('jo.bloggs@example.com')).toBe(false);
  });

  it('lets errors through rather than treat a failed lookup as unvalidated', async () => {
    db.on(GetCommand).rejects(throughputExceeded());
    await expect(contacts().isValidatedContact('jo.bloggs@example.com')).rejects.toMatchObject({
      name: 'ProvisionedThroughputExceededException',
    });
  });
});
