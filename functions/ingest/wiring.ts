/**
 * Builds the ingest handler from its settings: real adapters on AWS SDK clients. Endpoints come
 * from configuration (the SDK's AWS_ENDPOINT_URL_* variables, or `clients` here), so the same
 * code runs against AWS and against local services.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type AwsClientsConfig,
  dynamoDbClient,
  lambdaClient,
  s3Client,
  sesClient,
  smsClient,
} from '../../shared/adapters/aws-clients.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { DynamoDbContactRegister } from '../../shared/adapters/dynamodb-contact-register.ts';
import { DynamoDbHoldRegister } from '../../shared/adapters/dynamodb-hold-register.ts';
import { DynamoDbNotificationLedger } from '../../shared/adapters/dynamodb-notification-ledger.ts';
import { DynamoDbPortalLinkStore } from '../../shared/adapters/dynamodb-portal-link-store.ts';
import { messageKeyring } from '../../shared/adapters/encryption-sdk-keyring.ts';
import { EncryptionSdkMessageEncryptor } from '../../shared/adapters/encryption-sdk-message-encryptor.ts';
import { EndUserMessagingSmsSender } from '../../shared/adapters/end-user-messaging-sms-sender.ts';
import { FileSmsOutbox } from '../../shared/adapters/file-sms-outbox.ts';
import { LambdaDocumentText } from '../../shared/adapters/lambda-document-text.ts';
import { randomTokens } from '../../shared/adapters/random-tokens.ts';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.ts';
import { SesMailer } from '../../shared/adapters/ses-mailer.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import {
  createPipeline,
  createRelease,
  type PipelinePorts,
  type PipelineSettings,
} from '../../shared/pipeline/pipeline.ts';
import type { DocumentTextExtractor } from '../../shared/pipeline/ports.ts';
import { loadPack } from '../../shared/policy/load-pack.ts';
import { messageKeyConfig } from '../message-key.ts';
import { createIngestHandler, type IngestDependencies } from './handler.ts';
import { type IngestSettings, SettingsError } from './settings.ts';

export interface WiringOptions {
  /** Folder policy pack paths are relative to (the function's own folder when deployed). */
  readonly packDir: string;
  /** Overrides for local runs: endpoints, credentials, path-style S3. */
  readonly clients?: Partial<AwsClientsConfig>;
  /** See `IngestDependencies.onRecordFailed`. */
  readonly onRecordFailed?: IngestDependencies['onRecordFailed'];
  /**
   * Called once with the DynamoDB client the adapters share, before any use: a local run adds
   * SDK middleware there to see when its writes are stored (`bench:e2e`).
   */
  readonly onDynamoDbClient?: (client: DynamoDBClient) => void;
  /**
   * Reads PDF and DOCX text in place of the extract-text function: a local run passes the
   * in-process parsers here (the Lambda entry points never import them, so their bundles stay small).
   * @default the function named by CAVEAT_EXTRACT_TEXT_FUNCTION
   */
  readonly documents?: DocumentTextExtractor;
}

/** How the pipeline's ports are built beyond the settings: tracing, observers, overrides. */
export interface PortOptions {
  /** Traces SDK calls (in Lambda). @default no tracing */
  readonly traced?: Traced;
  readonly onDynamoDbClient?: WiringOptions['onDynamoDbClient'];
  readonly documents?: DocumentTextExtractor;
  /** Told why a document's text could not be had from the function (no content). */
  readonly logger?: Pick<Logger, 'warn'>;
}

/** Traces SDK calls as X-Ray subsegments when tracing is on (in Lambda); a no-op elsewhere. */
type Traced = <T>(client: T) => T;

/** Texts go to a local file, or from the configured origination identity; with neither, none are sent. */
function smsSender(
  settings: IngestSettings,
  aws: AwsClientsConfig,
  traced: Traced,
): Pick<PipelinePorts, 'sms'> {
  if (settings.CAVEAT_SMS_OUTBOX_FILE) return { sms: new FileSmsOutbox(settings.CAVEAT_SMS_OUTBOX_FILE) };
  if (settings.CAVEAT_SMS_ORIGINATION_IDENTITY)
    return {
      sms: new EndUserMessagingSmsSender(traced(smsClient(aws)), settings.CAVEAT_SMS_ORIGINATION_IDENTITY),
    };
  return {};
}

/** PDF and DOCX text: the given extractor, else the extract-text function the settings name. */
function documentText(
  settings: IngestSettings,
  aws: AwsClientsConfig,
  traced: Traced,
  options: PortOptions,
): DocumentTextExtractor {
  if (options.documents) return options.documents;
  if (!settings.CAVEAT_EXTRACT_TEXT_FUNCTION) {
    throw new SettingsError(
      'caveat pipeline: CAVEAT_EXTRACT_TEXT_FUNCTION: required: the extract-text function PDF and DOCX text is read by',
    );
  }
  return new LambdaDocumentText(traced(lambdaClient(aws)), settings.CAVEAT_EXTRACT_TEXT_FUNCTION, {
    onFailure: (failure) => options.logger?.warn('document text not extracted', { ...failure }),
  });
}

/** The pipeline's ports on real adapters. */
export function wirePorts(
  settings: IngestSettings,
  aws: AwsClientsConfig,
  options: PortOptions = {},
): PipelinePorts {
  const traced = options.traced ?? ((client) => client);
  const dynamo = traced(dynamoDbClient(aws));
  options.onDynamoDbClient?.(dynamo);
  const contacts = new DynamoDbContactRegister(dynamo, settings.CAVEAT_CONTACTS_TABLE);
  return {
    store: new S3MailStore(traced(s3Client(aws)), settings.CAVEAT_MAIL_BUCKET),
    audit: new DynamoDbAuditLog(dynamo, settings.CAVEAT_DECISIONS_TABLE),
    contacts,
    directory: contacts,
    ...smsSender(settings, aws, traced),
    holds: new DynamoDbHoldRegister(dynamo, settings.CAVEAT_HOLDS_TABLE),
    links: new DynamoDbPortalLinkStore(dynamo, settings.CAVEAT_PORTAL_LINKS_TABLE),
    mailer: new SesMailer(traced(sesClient(aws)), {
      ...(settings.CAVEAT_SES_CONFIGURATION_SET
        ? { configurationSetName: settings.CAVEAT_SES_CONFIGURATION_SET }
        : {}),
    }),
    ledger: new DynamoDbNotificationLedger(dynamo, settings.CAVEAT_IDEMPOTENCY_TABLE, { clock: systemClock }),
    encryptor: new EncryptionSdkMessageEncryptor(messageKeyring(messageKeyConfig(settings, aws))),
    clock: systemClock,
    tokens: randomTokens,
    documents: documentText(settings, aws, traced, options),
  };
}

/** The AWS client settings of a function: its region, with local overrides. */
export function awsConfig(settings: IngestSettings, options: WiringOptions): AwsClientsConfig {
  return {
    region: settings.AWS_REGION,
    s3ForcePathStyle: settings.CAVEAT_S3_FORCE_PATH_STYLE,
    ...options.clients,
  };
}

/** The pipeline's settings from the function's: mailboxes with their packs loaded, limits, links. */
export async function pipelineSettings(
  settings: IngestSettings,
  options: WiringOptions,
  actor: string,
): Promise<PipelineSettings> {
  const readPack = (file: string) => readFile(isAbsolute(file) ? file : join(options.packDir, file), 'utf8');
  const mailboxes = await Promise.all(
    settings.CAVEAT_MAILBOXES.map(async (mailbox) => ({
      address: mailbox.address,
      teamMailbox: mailbox.teamMailbox,
      welsh: mailbox.welsh,
      pack: await loadPack(mailbox.policyPack, readPack),
    })),
  );
  return {
    mailboxes,
    trustedPartnerDomains: settings.CAVEAT_TRUSTED_PARTNERS,
    portalBaseUrl: settings.CAVEAT_PORTAL_BASE_URL,
    securityContact: settings.CAVEAT_SECURITY_CONTACT,
    linkTtlHours: settings.CAVEAT_LINK_TTL_HOURS,
    holdDays: settings.CAVEAT_HOLD_DAYS,
    confirmDays: settings.CAVEAT_CONFIRM_DAYS,
    ...(settings.CAVEAT_CONFIRM_BASE_URL ? { confirmBaseUrl: settings.CAVEAT_CONFIRM_BASE_URL } : {}),
    ...(settings.CAVEAT_PUBLISHED_CONTACT_ROUTE
      ? { publishedContactRoute: settings.CAVEAT_PUBLISHED_CONTACT_ROUTE }
      : {}),
    ...(settings.CAVEAT_CITIZEN_REFERENCE_PATTERN
      ? { citizenReference: settings.CAVEAT_CITIZEN_REFERENCE_PATTERN }
      : {}),
    auditRetentionYears: settings.CAVEAT_AUDIT_YEARS,
    maxRawBytes: settings.CAVEAT_MAX_RAW_BYTES,
    actor,
    reportAddresses: {
      ...(settings.CAVEAT_DMARC_REPORT_ADDRESS ? { dmarc: settings.CAVEAT_DMARC_REPORT_ADDRESS } : {}),
      ...(settings.CAVEAT_TLS_REPORT_ADDRESS ? { tlsRpt: settings.CAVEAT_TLS_REPORT_ADDRESS } : {}),
    },
  };
}

export async function wireIngest(settings: IngestSettings, options: WiringOptions) {
  const aws = awsConfig(settings, options);
  // Off outside Lambda (and with POWERTOOLS_TRACE_ENABLED=false); responses are never captured.
  const tracer = new Tracer({ serviceName: 'caveat-ingest', captureHTTPsRequests: false });
  const traced: Traced = (client) => tracer.captureAWSv3Client(client);
  const logger = new Logger({ serviceName: 'caveat-ingest' });
  const ports = wirePorts(settings, aws, {
    traced,
    logger,
    onDynamoDbClient: options.onDynamoDbClient,
    documents: options.documents,
  });
  const pipeline = await pipelineSettings(settings, options, 'caveat-ingest');
  return createIngestHandler({
    process: createPipeline(ports, pipeline),
    release: createRelease(ports, pipeline),
    mailBucket: settings.CAVEAT_MAIL_BUCKET,
    persistenceStore: new DynamoDBPersistenceLayer({
      tableName: settings.CAVEAT_IDEMPOTENCY_TABLE,
      awsSdkV3Client: dynamoDbClient(aws),
    }),
    logger,
    metrics: new Metrics({ namespace: 'Caveat', serviceName: 'caveat-ingest' }),
    tracer,
    ...(options.onRecordFailed ? { onRecordFailed: options.onRecordFailed } : {}),
  });
}
