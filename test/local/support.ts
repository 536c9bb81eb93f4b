import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { LOCAL_CREDENTIALS, type LocalStack } from '../../local/stack.ts';

/** Where local services cache their downloads across test runs (gitignored). */
export function localCacheDir(): string {
  return join(import.meta.dirname, '..', '..', '.caveat-data', 'cache');
}

/** Clients on a running local stack, with the two reads integration tests make most. */
export function stackClients(stack: LocalStack) {
  const s3 = new S3Client({
    endpoint: stack.s3.endpoint,
    region: stack.config.region,
    forcePathStyle: true,
    credentials: LOCAL_CREDENTIALS,
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamodb.endpoint,
      region: stack.config.region,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  /** A message's audit entries, in stage order. */
  const auditEntries = async (messageId: string) =>
    (
      await db.send(
        new QueryCommand({
          TableName: stack.tables.decisions,
          KeyConditionExpression: 'messageId = :id',
          ExpressionAttributeValues: { ':id': messageId },
        }),
      )
    ).Items ?? [];
  const objectExists = (Key: string) =>
    s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key })).then(
      () => true,
      () => false,
    );
  const destroy = () => {
    s3.destroy();
    db.destroy();
  };
  return { s3, db, auditEntries, objectExists, destroy };
}
