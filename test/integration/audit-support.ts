/** DynamoDB Local with the stack's tables and an S3 server with a digest bucket, for audit tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { createTables, localTableNames } from '../../local/create-tables.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { type S3Server, startS3Server } from '../../local/s3-server.ts';
import { dynamoDbClient, s3Client } from '../../shared/adapters/aws-clients.ts';
import { localCacheDir } from '../local/support.ts';

export const DIGEST_BUCKET = 'audit-digests';

export interface AuditServices {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly tables: ReturnType<typeof localTableNames>;
  readonly endpoints: { readonly dynamodb: string; readonly s3: string };
  stop(): Promise<void>;
}

export async function startAuditServices(prefix: string): Promise<AuditServices> {
  const dataDir = mkdtempSync(join(tmpdir(), `caveat-${prefix}-`));
  const ddb: DynamoDbLocal = await startDynamoDbLocal({ cacheDir: localCacheDir() });
  const s3: S3Server = await startS3Server({ directory: join(dataDir, 's3'), buckets: [DIGEST_BUCKET] });
  const config = {
    region: 'eu-west-2',
    endpoints: { dynamodb: ddb.endpoint, s3: s3.endpoint },
    s3ForcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const clients = { dynamodb: dynamoDbClient(config), s3: s3Client(config) };
  const tables = localTableNames(prefix);
  await createTables(clients.dynamodb, tables);
  return {
    ...clients,
    tables,
    endpoints: { dynamodb: ddb.endpoint, s3: s3.endpoint },
    stop: async () => {
      clients.dynamodb.destroy();
      clients.s3.destroy();
      await Promise.all([ddb.stop(), s3.stop()]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
