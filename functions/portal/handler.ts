/**
 * The portal Lambda behind an API Gateway HTTP API: the event becomes a web request, the portal's
 * web handler answers it. Logs carry the route and status, never tokens, cookies or content.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { fromApiGateway, toApiGateway } from '../../shared/web/api-gateway.ts';
import type { WebHandler } from '../../shared/web/node-http.ts';

export function createPortalHandler(web: WebHandler, logger: Logger) {
  return middy(async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
    const request = fromApiGateway(event);
    const response = await web(request);
    logger.info('request served', {
      method: request.method,
      // The route's shape only: mailbox addresses and message ids stay out of the logs.
      route: routeShape(request.path),
      status: response.status,
      requestId: request.requestId,
    });
    return toApiGateway(response);
  }).use(injectLambdaContext(logger));
}

/** `/mailboxes/a@b/messages/x/attachments/0` → `/mailboxes/:mailbox/messages/:id/attachments/:n`. */
export function routeShape(path: string): string {
  return path
    .replace(/^\/mailboxes\/[^/]+/, '/mailboxes/:mailbox')
    .replace(/\/messages\/[^/]+/, '/messages/:id')
    .replace(/\/attachments\/[^/]+/, '/attachments/:n')
    .replace(/^\/assets\/.*/, '/assets/*');
}
