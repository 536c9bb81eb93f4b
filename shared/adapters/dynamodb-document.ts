/**
 * What the DynamoDB adapters share: one way to wrap the SDK client in a document client, and
 * one way to recognise a failed condition (a conditional write finding its item already there).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/**
 * Items are plain values; optional fields left `undefined` are dropped rather than rejected,
 * so an absent field is stored as an absent attribute (which keeps sparse indexes sparse).
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** By name, not `instanceof`: a bundle may hold more than one copy of the SDK's error classes. */
export function isConditionalCheckFailed(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}

/**
 * Writes `item` unless an item with its key exists: true when written, false when one was
 * already there (left as it was). `keyAttribute` is the table's partition key.
 */
export async function putIfAbsent(
  db: DynamoDBDocumentClient,
  tableName: string,
  item: object,
  keyAttribute: string,
): Promise<boolean> {
  try {
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: item as Record<string, unknown>,
        ConditionExpression: 'attribute_not_exists(#key)',
        ExpressionAttributeNames: { '#key': keyAttribute },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailed(error)) return false;
    throw error;
  }
}
