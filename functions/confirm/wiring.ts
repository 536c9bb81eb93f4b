/**
 * Builds the confirmation page and the expiry sweep on real adapters: the same ports and
 * pipeline settings as the ingest function, so a confirmed message is released exactly as a
 * newly received one would be processed.
 */
import { createHmac } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { type AwsClientsConfig, secretsManagerClient } from '../../shared/adapters/aws-clients.ts';
import { readWebSecret } from '../../shared/adapters/secrets-manager-web-secret.ts';
import { CONFIRMATION_VIEWS_DIR, confirmationPage } from '../../shared/confirm/confirmation-page.ts';
import { createConfirmation } from '../../shared/pipeline/pipeline.ts';
import { fromApiGateway, toApiGateway } from '../../shared/web/api-gateway.ts';
import type { WebRequest, WebResponse } from '../../shared/web/http.ts';
import { createViews, installedGovukFrontendDir, SHARED_VIEWS_DIR } from '../../shared/web/views.ts';
import { awsConfig, pipelineSettings, type WiringOptions, wirePorts } from '../ingest/wiring.ts';
import type { ConfirmSecretSource, ConfirmSettings } from './settings.ts';

/**
 * A release answers the citizen within API Gateway's 29 s: documents are sent to read for 2 s
 * from the first, and the last may take the extract-text function's 20 s timeout. Any later
 * document is flagged unscanned, which protects the message rather than delivering it.
 */
export const RELEASE_DOCUMENT_MILLIS = 2_000;

export interface ConfirmWiringOptions extends WiringOptions {
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

export async function wireConfirmation(settings: ConfirmSettings, options: ConfirmWiringOptions) {
  const aws = awsConfig(settings.ingest, options);
  const ports = wirePorts(settings.ingest, aws, {
    logger: new Logger({ serviceName: 'caveat-confirm' }),
    documents: options.documents,
  });
  const service = createConfirmation(ports, {
    ...(await pipelineSettings(settings.ingest, options, 'caveat-confirm')),
    maxDocumentMillis: RELEASE_DOCUMENT_MILLIS,
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
        welshMailboxes: new Set(
          settings.ingest.CAVEAT_MAILBOXES.filter((m) => m.welsh).map((m) => m.address),
        ),
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
    /** The scheduled sweep: deletes held messages nobody confirmed in time. */
    expire: async () => ({ expired: await service.expireLapsed() }),
  };
}
