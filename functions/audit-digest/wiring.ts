/** Builds the digest handler from its settings: DynamoDB and S3 adapters on SDK clients. */
import { Logger } from '@aws-lambda-powertools/logger';
import { type AwsClientsConfig, dynamoDbClient, s3Client } from '../../shared/adapters/aws-clients.ts';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { S3AuditDigestStore } from '../../shared/adapters/s3-audit-digest-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { digestDays } from '../../shared/audit/digest.ts';
import { createDigestHandler } from './handler.ts';
import type { DigestSettings } from './settings.ts';

export function wireDigest(settings: DigestSettings, clients: Partial<AwsClientsConfig> = {}) {
  const aws: AwsClientsConfig = {
    region: settings.AWS_REGION,
    s3ForcePathStyle: settings.CAVEAT_S3_FORCE_PATH_STYLE,
    ...clients,
  };
  return createDigestHandler({
    digest: digestDays({
      chains: new DynamoDbAuditReader(dynamoDbClient(aws), settings.CAVEAT_DECISIONS_TABLE),
      digests: new S3AuditDigestStore(s3Client(aws), settings.CAVEAT_AUDIT_DIGEST_BUCKET),
      clock: systemClock,
    }),
    clock: systemClock,
    lookbackDays: settings.CAVEAT_DIGEST_LOOKBACK_DAYS,
    logger: new Logger({ serviceName: 'caveat-audit-digest' }),
  });
}
