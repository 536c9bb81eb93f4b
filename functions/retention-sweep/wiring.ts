/** Builds the retention sweep from its settings: S3 and DynamoDB adapters on SDK clients. */

import { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { type AwsClientsConfig, dynamoDbClient, s3Client } from '../../shared/adapters/aws-clients.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import {
  DynamoDbRetainedHolds,
  DynamoDbRetainedLinks,
} from '../../shared/adapters/dynamodb-retained-records.ts';
import { S3RetainedObjects } from '../../shared/adapters/s3-retained-objects.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import type { RetentionPeriods } from '../../shared/retention/rules.ts';
import { sweepRetention } from '../../shared/retention/sweep.ts';
import { createRetentionSweepHandler } from './handler.ts';
import type { RetentionSweepSettings } from './settings.ts';

/** Where the sweep reads and deletes, and what it keeps for how long. */
export interface SweepTarget {
  readonly s3: S3Client;
  readonly dynamodb: DynamoDBClient;
  readonly bucket: string;
  readonly tables: { readonly decisions: string; readonly holds: string; readonly portalLinks: string };
  readonly periods: RetentionPeriods;
  readonly mailboxes: readonly string[];
  readonly auditYears: number;
  /** Recorded as each entry's actor. */
  readonly actor: string;
}

/** The sweep on real (or local) services: the same composition for the function and the CLI. */
export function sweepOn(target: SweepTarget) {
  return sweepRetention({
    objects: new S3RetainedObjects(target.s3, target.bucket),
    holds: new DynamoDbRetainedHolds(target.dynamodb, target.tables.holds),
    links: new DynamoDbRetainedLinks(target.dynamodb, target.tables.portalLinks),
    audit: new DynamoDbAuditLog(target.dynamodb, target.tables.decisions),
    periods: target.periods,
    mailboxes: target.mailboxes,
    actor: target.actor,
    auditRetentionYears: target.auditYears,
  });
}

export function wireRetentionSweep(
  settings: RetentionSweepSettings,
  clients: Partial<AwsClientsConfig> = {},
) {
  const aws: AwsClientsConfig = {
    region: settings.AWS_REGION,
    s3ForcePathStyle: settings.CAVEAT_S3_FORCE_PATH_STYLE,
    ...clients,
  };
  return createRetentionSweepHandler({
    sweep: sweepOn({
      s3: s3Client(aws),
      dynamodb: dynamoDbClient(aws),
      bucket: settings.CAVEAT_MAIL_BUCKET,
      tables: {
        decisions: settings.CAVEAT_DECISIONS_TABLE,
        holds: settings.CAVEAT_HOLDS_TABLE,
        portalLinks: settings.CAVEAT_PORTAL_LINKS_TABLE,
      },
      periods: {
        rawMailDays: settings.CAVEAT_RAW_MAIL_DAYS,
        quarantineDays: settings.CAVEAT_QUARANTINE_DAYS,
        ciphertextDays: settings.CAVEAT_CIPHERTEXT_DAYS,
        reportDays: settings.CAVEAT_REPORT_DAYS,
      },
      mailboxes: settings.CAVEAT_MAILBOX_ADDRESSES,
      auditYears: settings.CAVEAT_AUDIT_YEARS,
      actor: RETENTION_SWEEP_ACTOR,
    }),
    clock: systemClock,
    logger: new Logger({ serviceName: RETENTION_SWEEP_ACTOR }),
  });
}

/** The actor of the scheduled sweep's entries. */
export const RETENTION_SWEEP_ACTOR = 'caveat-retention-sweep';
