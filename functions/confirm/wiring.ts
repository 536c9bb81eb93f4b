/**
 * Builds the confirmation page and the expiry sweep on real adapters: the same ports and
 * pipeline settings as the ingest function, so a confirmed message is released exactly as a
 * newly received one would be processed.
 */
import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { CONFIRMATION_VIEWS_DIR, confirmationPage } from '../../shared/confirm/confirmation-page.ts';
import { createConfirmation } from '../../shared/pipeline/pipeline.ts';
import { fromApiGateway, toApiGateway } from '../../shared/web/api-gateway.ts';
import { createViews, installedGovukFrontendDir } from '../../shared/web/views.ts';
import { awsConfig, pipelineSettings, type WiringOptions, wirePorts } from '../ingest/wiring.ts';
import type { ConfirmSettings } from './settings.ts';

/** One secret, two keys: a CSRF token can never be replayed as a cookie or the other way round. */
const derive = (secret: Uint8Array, purpose: string) =>
  new Uint8Array(createHmac('sha256', secret).update(purpose).digest());

export async function wireConfirmation(settings: ConfirmSettings, options: WiringOptions) {
  const ports = wirePorts(settings.ingest, awsConfig(settings.ingest, options));
  const service = createConfirmation(
    ports,
    await pipelineSettings(settings.ingest, options, 'caveat-confirm'),
  );
  const govukFrontendDir = installedGovukFrontendDir();
  const page = confirmationPage({
    service,
    views: createViews({ viewDirs: [CONFIRMATION_VIEWS_DIR], govukFrontendDir }),
    cookies: { key: derive(settings.secret, 'caveat-confirm cookie'), secure: settings.secureCookies },
    csrfSecret: derive(settings.secret, 'caveat-confirm csrf'),
    assets: { govukFrontendDir },
  });
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
