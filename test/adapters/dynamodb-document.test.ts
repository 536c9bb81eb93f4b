import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../shared/adapters/dynamodb-document.ts';

describe('documentClient', () => {
  it('drops undefined fields instead of failing the write', () => {
    const client = documentClient(new DynamoDBClient({ region: 'eu-west-2' }));
    expect(client.config.translateConfig?.marshallOptions?.removeUndefinedValues).toBe(true);
  });
});
