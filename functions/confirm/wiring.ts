/**
 * Builds the confirmation page and the expiry sweep on real adapters. Neither reads or acts on
 * mail: a confirmed hold is released by the ingest function, from a request put on its queue,
 * so this internet-facing function holds no key to encrypt with, sends no mail and parses none.
 */
import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import {
  type AwsClientsConfig,
  dynamoDbClient,
  s3Client,
  secretsManagerClient,
  sqsClient,
} from '../../shared/adapters/aws-clients.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { DynamoDbHoldRegister } from '../../shared/adapters/dynamodb-hold-register.ts';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.ts';
import { readWebSecret } from '../../shared/adapters/secrets-manager-web-secret.ts';
import { SqsReleaseRequests } from '../../shared/adapters/sqs-release-requests.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { confirmationService } from '../../shared/confirm/answer-confirmation.ts';
import { CONFIRMATION_VIEWS_DIR, confirmationPage } from '../../shared/confirm/confirmation-page.ts';
import type { ReleaseRequests } from '../../shared/pipeline/ports.ts';
import { fromApiGateway, toApiGateway } from '../../shared/web/api-gateway.ts';
import type { WebRequest, WebResponse } from '../../shared/web/http.ts';
import { createViews, installedGovukFrontendDir, SHARED_VIEWS_DIR } from '../../shared/web/views.ts';
import { SettingsError } from '../ingest/settings.ts';
import type { ConfirmSecretSource, ConfirmSettings } from './settings.ts';

export const CONFIRM_ACTOR = 'caveat-confirm';

export interface ConfirmWiringOptions {
  /** Overrides for local runs: endpoints, credentials, path-style S3. */
  readonly clients?: Partial<AwsClientsConfig>;
  /**
   * Where release requests go in place of the queue the settings name: a local run passes its
   * own queue here. @default the queue at CAVEAT_RELEASE_QUEUE_URL
   */
  readonly releases?: ReleaseRequests;
  /** Where templates are when bundled (the function's folder); default the source tree. */
  readonly files?: {
    readonly confirmViewsDir: string;
    readonly sharedViewsDir: string;
    readonly govukFrontendDir: string;
  };
}

/** The function was started without a secret (as the expiry sweep is), so it serves no page. */
export class ConfirmationPageUnavailableError extends Error {
  override readonly name = 'ConfirmationPageUnavailableError';
}

/** One secret, two keys: a CSRF token can never be replayed as a cookie or the other way round. */
const derive = (secret: Uint8Array, purpose: string) =>
  new Uint8Array(createHmac('sha256', secret).update(purpose).digest());

/** Read once, at cold start: a secret that cannot be read stops the start, not a citizen's answer. */
async function readSecret(source: ConfirmSecretSource, aws: AwsClientsConfig): Promise<Uint8Array> {
  if (source.kind === 'value') return source.bytes;
  const client = secretsManagerClient(aws);
  try {
    return await readWebSecret(client, source.arn);
  } finally {
    client.destroy();
  }
}

/** The given requests, else the queue the settings name. */
function releaseRequests(settings: ConfirmSettings, aws: AwsClientsConfig, options: ConfirmWiringOptions) {
  if (options.releases) return options.releases;
  if (settings.releaseQueueUrl) return new SqsReleaseRequests(sqsClient(aws), settings.releaseQueueUrl);
  return {
    request: async () => {
      throw new SettingsError(
        'caveat confirm: CAVEAT_RELEASE_QUEUE_URL: required to release a confirmed message (the ingest queue)',
      );
    },
  };
}

export async function wireConfirmation(settings: ConfirmSettings, options: ConfirmWiringOptions = {}) {
  const aws: AwsClientsConfig = {
    region: settings.region,
    s3ForcePathStyle: settings.s3ForcePathStyle,
    ...options.clients,
  };
  const dynamo = dynamoDbClient(aws);
  const service = confirmationService({
    holds: new DynamoDbHoldRegister(dynamo, settings.holdsTable),
    store: new S3MailStore(s3Client(aws), settings.mailBucket),
    audit: new DynamoDbAuditLog(dynamo, settings.decisionsTable),
    clock: systemClock,
    releases: releaseRequests(settings, aws, options),
    actor: CONFIRM_ACTOR,
    auditRetentionYears: settings.auditYears,
  });
  const files = options.files ?? {
    confirmViewsDir: CONFIRMATION_VIEWS_DIR,
    sharedViewsDir: SHARED_VIEWS_DIR,
    govukFrontendDir: installedGovukFrontendDir(),
  };
  const secret = settings.secret ? await readSecret(settings.secret, aws) : undefined;
  const page: (request: WebRequest) => Promise<WebResponse> = secret
    ? confirmationPage({
        service,
        views: createViews({
          viewDirs: [files.confirmViewsDir],
          sharedViewsDir: files.sharedViewsDir,
          govukFrontendDir: files.govukFrontendDir,
        }),
        cookies: { key: derive(secret, 'caveat-confirm cookie'), secure: settings.secureCookies },
        csrfSecret: derive(secret, 'caveat-confirm csrf'),
        assets: { govukFrontendDir: files.govukFrontendDir },
        welshMailboxes: settings.welshMailboxes,
      })
    : async () => {
        throw new ConfirmationPageUnavailableError(
          'caveat confirm: no page secret (CAVEAT_CONFIRM_SECRET_ARN) is configured for this function',
        );
      };
  return {
    page,
    service,
    /** API Gateway HTTP API (payload 2.0) → the page → API Gateway. */
    http: async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> =>
      toApiGateway(await page(fromApiGateway(event))),
    /** The scheduled sweep: deletes held messages nobody confirmed in time, re-asks stuck releases. */
    expire: async () => ({
      expired: await service.expireLapsed(),
      releasesRequested: await service.requestStuckReleases(),
    }),
  };
}
