/**
 * The whole pipeline on one machine: an SMTP listener playing SES inbound, DynamoDB Local, an
 * S3-compatible server, a local SES endpoint and the real ingest handler wired to them through
 * configuration only. The listener writes raw mail to the bucket with an S3 PutObject, as SES's
 * S3 action does, and S3's object-created notifications reach the handler through a local
 * stand-in for the queue.
 *
 * Configuration is the CDK app's own (`caveat` in cdk.json), so local mailboxes, packs and
 * retention are the ones a deployment would use.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { readConfirmSettings } from '../functions/confirm/settings.ts';
import { wireConfirmation } from '../functions/confirm/wiring.ts';
import { createdObjects } from '../functions/ingest/s3-notification.ts';
import { readSettings } from '../functions/ingest/settings.ts';
import { wireIngest } from '../functions/ingest/wiring.ts';
import { readPortalSettings } from '../functions/portal/settings.ts';
import { wirePortal } from '../functions/portal/wiring.ts';
import { type CaveatConfig, parseConfig } from '../infra/config.ts';
import { FileSmsOutbox } from '../shared/adapters/file-sms-outbox.ts';
import { releaseRequestBody } from '../shared/confirm/release-request.ts';
import { inProcessDocumentText } from '../shared/mail/in-process-document-text.ts';
import { MAIL_KEY_PREFIXES } from '../shared/pipeline/mail-keys.ts';
import { serveLocally, type WebHandler } from '../shared/web/node-http.ts';
import { type AuditWriteListener, observeAuditWrites } from './audit-writes.ts';
import { createTables, localTableNames } from './create-tables.ts';
import { localSecret } from './data-dir.ts';
import { type DkimKeys, loadDkimKeys } from './dkim-keys.ts';
import { demoZone, zoneResolver } from './dns-zone.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';
import { LocalQueue, type LocalQueueOptions } from './local-queue.ts';
import { type LocalOfficer, localOfficerPassword, localOfficers } from './officers.ts';
import { LOCAL_PORTAL_CLIENT_ID, startLocalOidcProvider } from './oidc-provider.ts';
import { type S3Server, startS3Server } from './s3-server.ts';
import { seedContacts } from './seed-contacts.ts';
import { type SesServer, startLocalSes } from './ses-server.ts';
import { type SmtpClient, startSmtpInbound } from './smtp-inbound.ts';

export const LOCAL_BUCKET = 'caveat-mail';
/** The audit digests' bucket. s3rver has no Object Lock: locally, digests are written but not locked. */
export const LOCAL_DIGEST_BUCKET = 'caveat-audit-digests';
/** Credentials local services accept; they authorise nothing anywhere else. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

export interface LocalStackOptions {
  /** Root of persistent local data (database, objects, keys, dead letters). */
  readonly dataDir: string;
  /** Where downloads (DynamoDB Local) are cached; survives `npm run reset`. */
  readonly cacheDir: string;
  /** The repository root: cdk.json and policy pack paths are read from it. */
  readonly rootDir: string;
  /** Keep the database in memory (tests). */
  readonly inMemory?: boolean;
  /** Loopback ports to listen on; each defaults to a free port. */
  readonly ports?: Partial<Readonly<Record<LocalService, number>>>;
  /**
   * The sending IP the SMTP listener evaluates SPF for. Default: the connection's address
   * (loopback, which no demo domain's SPF allows); the demo plays its senders' addresses with it.
   */
  readonly smtpClientIp?: (client: SmtpClient) => string;
  /**
   * A contacts CSV (`email` column) loaded as validated contacts when the contacts table is empty.
   * Default: `samples/contacts.csv` under `rootDir`; `null` seeds nothing.
   */
  readonly contactsFile?: string | null;
  /** The queue's retries and concurrency (see `LocalQueue`). Default: 5 receives, 0.5 s, one at a time. */
  readonly queue?: Pick<LocalQueueOptions, 'maxReceives' | 'retryDelayMs' | 'concurrency'>;
  /**
   * The ingest function's time limit as its context reports it. Idempotency counts a message as
   * in progress for this long when a run dies before it can say otherwise (DynamoDB down), so
   * retries within it are refused. Default 60 s; nothing enforces it locally.
   */
  readonly functionTimeoutMs?: number;
  /** Told of each audit entry the pipeline writes, once DynamoDB Local has stored it. */
  readonly onAuditWritten?: AuditWriteListener;
}

/** The services with a port of their own. */
export type LocalService = 'smtp' | 'ses' | 's3' | 'dynamodb' | 'portal' | 'oidc' | 'confirm';

/** The name the SMTP listener greets with and writes in `Received`, where SES writes its own. */
export const LOCAL_SMTP_HOSTNAME = 'inbound-smtp.caveat.local';

export interface LocalStack {
  readonly config: CaveatConfig;
  readonly dynamodb: DynamoDbLocal;
  readonly s3: S3Server;
  readonly ses: SesServer;
  readonly queue: LocalQueue;
  /** The SMTP listener playing SES inbound, for the configured mailboxes and reporting addresses only. */
  readonly smtp: { readonly host: string; readonly port: number };
  /** The demo senders' DKIM key pair, published in the local DNS zone for every demo domain. */
  readonly dkim: DkimKeys;
  /** The confirmation page (links in sent mail point at the portal domain; the same path works here). */
  readonly confirm: { readonly url: string; expireLapsed(): Promise<number> };
  /** Texts the pipeline sent, kept in a JSON Lines file instead of going through SNS. */
  readonly sms: FileSmsOutbox;
  /** Contacts written by this start's seeding (0 when the table already had some). */
  readonly seededContacts: number;
  readonly tables: ReturnType<typeof localTableNames>;
  readonly bucket: string;
  readonly dataDir: string;
  /** Environment the ingest function runs with (no secrets beyond the local key). */
  readonly environment: Readonly<Record<string, string>>;
  /** The officer portal on its own port; notification links point at it. */
  readonly portal: { readonly url: string; readonly environment: Readonly<Record<string, string>> };
  /** The local OpenID Connect provider officers sign in at, with its seeded accounts. */
  readonly oidc: {
    readonly issuer: string;
    readonly officers: readonly LocalOfficer[];
    readonly password: string;
  };
  stop(): Promise<void>;
}

/** The configuration in cdk.json, validated as `cdk synth` validates it. */
export function demoConfig(rootDir: string): CaveatConfig {
  const cdkJson = JSON.parse(readFileSync(join(rootDir, 'cdk.json'), 'utf8')) as {
    context?: { caveat?: unknown };
  };
  return parseConfig(cdkJson.context?.caveat);
}

/** The local message key: 256 random bits, created on first start, readable by its owner only. */
export function localMessageKey(dataDir: string): string {
  return localSecret(dataDir, 'message-key.b64', 32, 'base64');
}

const lambdaContext = (timeoutMs: number): Context =>
  ({
    functionName: 'caveat-ingest-local',
    functionVersion: '$LATEST',
    invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:caveat-ingest-local',
    memoryLimitInMB: '1024',
    awsRequestId: `local-${Date.now()}`,
    logGroupName: 'local',
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => timeoutMs,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  }) as Context;

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const config = demoConfig(options.rootDir);
  const started: { stop(): Promise<void> | void }[] = [];
  try {
    const ports = options.ports ?? {};
    const dynamodb = await startDynamoDbLocal({
      cacheDir: options.cacheDir,
      ...(options.inMemory ? {} : { dataDir: join(options.dataDir, 'dynamodb') }),
      ...(ports.dynamodb ? { port: ports.dynamodb } : {}),
    });
    started.push(dynamodb);
    const tables = localTableNames();
    const admin = new DynamoDBClient({
      endpoint: dynamodb.endpoint,
      region: config.region,
      credentials: LOCAL_CREDENTIALS,
    });
    await createTables(admin, tables);
    const contactsFile =
      options.contactsFile === undefined
        ? join(options.rootDir, 'samples', 'contacts.csv')
        : options.contactsFile;
    const seededContacts = contactsFile ? await seedContacts(admin, tables.contacts, contactsFile) : 0;
    admin.destroy();

    const s3 = await startS3Server({
      directory: join(options.dataDir, 's3'),
      buckets: [LOCAL_BUCKET, LOCAL_DIGEST_BUCKET],
      ...(ports.s3 ? { port: ports.s3 } : {}),
    });
    started.push(s3);
    const ses = await startLocalSes(ports.ses ? { port: ports.ses } : {});
    started.push(ses);

    // The portal listens first: the provider and the ingest function's links need its address.
    let portalWeb: WebHandler = async () => ({ status: 503, headers: {}, body: 'starting' });
    const portalServer = await serveLocally((request) => portalWeb(request), {
      ...(ports.portal ? { port: ports.portal } : {}),
      onError: (error) => console.error(`portal: ${(error as Error).name}`),
    });
    started.push(portalServer);
    const officers = localOfficers(Object.keys(config.portal.entitlements));
    const password = localOfficerPassword(options.dataDir);
    const oidc = await startLocalOidcProvider({
      officers,
      password,
      redirectUri: `${portalServer.url}/auth/callback`,
      ...(ports.oidc ? { port: ports.oidc } : {}),
    });
    started.push(oidc);

    const environment: Record<string, string> = {
      AWS_REGION: config.region,
      CAVEAT_MAIL_BUCKET: LOCAL_BUCKET,
      CAVEAT_DECISIONS_TABLE: tables.decisions,
      CAVEAT_CONTACTS_TABLE: tables.contacts,
      CAVEAT_HOLDS_TABLE: tables.holds,
      CAVEAT_PORTAL_LINKS_TABLE: tables.portalLinks,
      CAVEAT_IDEMPOTENCY_TABLE: tables.idempotency,
      CAVEAT_LOCAL_MESSAGE_KEY: localMessageKey(options.dataDir),
      CAVEAT_MAILBOXES: JSON.stringify(
        config.mailboxes.map(({ address, teamMailbox, policyPack, welsh }) => ({
          address,
          teamMailbox,
          policyPack,
          welsh,
        })),
      ),
      CAVEAT_TRUSTED_PARTNERS: config.trustedPartnerDomains.join(','),
      CAVEAT_PORTAL_BASE_URL: portalServer.url,
      // Confirmation links go to citizens (by SMS too, which must be https): the deployed address.
      CAVEAT_CONFIRM_BASE_URL: config.confirmBaseUrl,
      CAVEAT_CITIZEN_REFERENCE_PATTERN: config.citizenReferencePattern,
      ...(config.publishedContactRoute
        ? { CAVEAT_PUBLISHED_CONTACT_ROUTE: config.publishedContactRoute }
        : {}),
      CAVEAT_SECURITY_CONTACT: config.alarmEmail,
      CAVEAT_DMARC_REPORT_ADDRESS: config.domain.dmarcReportAddress,
      CAVEAT_TLS_REPORT_ADDRESS: config.domain.tlsReportAddress,
      CAVEAT_AUDIT_YEARS: String(config.retention.auditYears),
      CAVEAT_S3_FORCE_PATH_STYLE: 'true',
      CAVEAT_SMS_OUTBOX_FILE: join(options.dataDir, 'sms', 'outbox.jsonl'),
      CAVEAT_CONFIRM_SECRET: localSecret(options.dataDir, 'confirm-secret.b64', 32, 'base64'),
      CAVEAT_INSECURE_COOKIES: 'true',
    };
    const clients = {
      endpoints: { s3: s3.endpoint, dynamodb: dynamodb.endpoint, ses: ses.endpoint },
      credentials: LOCAL_CREDENTIALS,
    };
    const handler = await wireIngest(readSettings(environment), {
      packDir: options.rootDir,
      clients,
      // Documents are read in process here: the local stack runs no extract-text function.
      documents: inProcessDocumentText,
      onRecordFailed: (sqsMessageId, error) => queue.noteFailure(sqsMessageId, failureReason(error)),
      ...(options.onAuditWritten
        ? { onDynamoDbClient: observeAudit(tables.decisions, options.onAuditWritten) }
        : {}),
    });
    const portalEnvironment: Record<string, string> = {
      AWS_REGION: config.region,
      CAVEAT_MAIL_BUCKET: LOCAL_BUCKET,
      CAVEAT_DECISIONS_TABLE: tables.decisions,
      CAVEAT_HOLDS_TABLE: tables.holds,
      CAVEAT_PORTAL_LINKS_TABLE: tables.portalLinks,
      CAVEAT_LOCAL_MESSAGE_KEY: environment.CAVEAT_LOCAL_MESSAGE_KEY ?? '',
      CAVEAT_LOCAL_PORTAL_SECRET: localSecret(options.dataDir, 'portal-secret.b64', 32, 'base64'),
      CAVEAT_PORTAL_BASE_URL: portalServer.url,
      CAVEAT_PORTAL_ENTITLEMENTS: JSON.stringify(config.portal.entitlements),
      CAVEAT_OIDC_ISSUER: oidc.issuer,
      CAVEAT_OIDC_CLIENT_ID: LOCAL_PORTAL_CLIENT_ID,
      CAVEAT_OIDC_GROUPS_CLAIM: 'groups',
      CAVEAT_PORTAL_SESSION_MINUTES: String(config.portal.sessionMinutes),
      CAVEAT_AUDIT_YEARS: String(config.retention.auditYears),
      CAVEAT_S3_FORCE_PATH_STYLE: 'true',
    };
    portalWeb = await wirePortal(readPortalSettings(portalEnvironment), { clients });
    const queue: LocalQueue = new LocalQueue({
      ...options.queue,
      deadLetterDir: join(options.dataDir, 'dead-letters'),
      handler: (event) => handler(event, lambdaContext(options.functionTimeoutMs ?? 60_000)),
    });
    started.push(queue);
    const confirmation = await wireConfirmation(readConfirmSettings(environment), {
      clients,
      // Release requests go to the ingest queue, as the deployed page sends them to SQS.
      releases: { request: async (holdKey) => queue.send(releaseRequestBody(holdKey)) },
    });
    const confirmServer = await serveLocally(confirmation.page, ports.confirm ? { port: ports.confirm } : {});
    started.push(confirmServer);
    s3.onObjectCreated((body) => {
      // Only SES's prefix notifies the queue, as the deployed bucket's notification filter does.
      if (createdObjects(body).some((object) => object.key.startsWith(MAIL_KEY_PREFIXES.inbound)))
        queue.send(body);
    });

    // SES's S3 action: a plain PutObject, so the bucket's own notification drives the pipeline.
    const bucketWriter = new S3Client({
      endpoint: s3.endpoint,
      region: config.region,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });
    started.push({ stop: () => bucketWriter.destroy() });
    const dkim = loadDkimKeys(join(options.dataDir, 'keys'));
    const smtp = await startSmtpInbound({
      hostname: LOCAL_SMTP_HOSTNAME,
      // The reporting addresses too, as the deployed receipt rules receive them.
      mailboxes: [
        ...config.mailboxes.map((m) => m.address),
        config.domain.dmarcReportAddress,
        config.domain.tlsReportAddress,
      ],
      resolver: zoneResolver(demoZone({ dkimPublicKeyPem: dkim.publicKeyPem })),
      writeRaw: async (key, raw) => {
        await bucketWriter.send(new PutObjectCommand({ Bucket: LOCAL_BUCKET, Key: key, Body: raw }));
      },
      ...(options.smtpClientIp ? { clientIp: options.smtpClientIp } : {}),
      ...(ports.smtp ? { port: ports.smtp } : {}),
    });
    started.push(smtp);

    return {
      config,
      dynamodb,
      s3,
      ses,
      queue,
      smtp: { host: smtp.host, port: smtp.port },
      dkim,
      confirm: { url: confirmServer.url, expireLapsed: () => confirmation.service.expireLapsed() },
      sms: new FileSmsOutbox(environment.CAVEAT_SMS_OUTBOX_FILE as string),
      seededContacts,
      tables,
      bucket: LOCAL_BUCKET,
      dataDir: options.dataDir,
      environment,
      portal: { url: portalServer.url, environment: portalEnvironment },
      oidc: { issuer: oidc.issuer, officers, password },
      stop: () => stopAll(started),
    };
  } catch (error) {
    await stopAll(started);
    throw error;
  }
}

function observeAudit(table: string, listener: AuditWriteListener) {
  return (client: DynamoDBClient) => observeAuditWrites(client, table, listener);
}

/** `StageFailedError at read: TimeoutError`: the handler's logged summary as one line. */
function failureReason({ name, stage, code }: Readonly<Record<string, string>>): string {
  return `${name ?? 'Error'}${stage ? ` at ${stage}` : ''}${code ? `: ${code}` : ''}`;
}

async function stopAll(started: { stop(): Promise<void> | void }[]): Promise<void> {
  for (const part of started.reverse()) await Promise.resolve(part.stop()).catch(() => undefined);
}
