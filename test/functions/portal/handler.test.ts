import { Logger } from '@aws-lambda-powertools/logger';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { createPortalHandler, routeShape } from '../../../functions/portal/handler.ts';

const event = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/mailboxes/universal.credit%40caveat.example.gov.uk/messages/m-1/attachments/0',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: {
    http: { method: 'GET', path: '/', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'ua' },
    requestId: 'req-1',
  },
} as unknown as APIGatewayProxyEventV2;

describe('Portal Lambda handler', () => {
  it('answers an HTTP API event through the web handler and logs the route shape, never the mailbox', async () => {
    const logger = new Logger({ serviceName: 'test' });
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const handler = createPortalHandler(
      async (request) => ({ status: 200, headers: { 'x-path': request.path }, body: new Uint8Array([1]) }),
      logger,
    );
    const result = await handler(event, { functionName: 'portal' } as Context);
    expect(result).toMatchObject({
      statusCode: 200,
      headers: { 'x-path': '/mailboxes/universal.credit@caveat.example.gov.uk/messages/m-1/attachments/0' },
      body: 'AQ==',
      isBase64Encoded: true,
    });
    const logged = JSON.stringify(info.mock.calls);
    expect(logged).toContain('/mailboxes/:mailbox/messages/:id/attachments/:n');
    expect(logged).not.toContain('caveat.example.gov.uk');
  });

  it('reduces every portal path to its shape', () => {
    expect(routeShape('/mailboxes/a@b/messages/x/revoke')).toBe('/mailboxes/:mailbox/messages/:id/revoke');
    expect(routeShape('/assets/fonts/a.woff2')).toBe('/assets/*');
    expect(routeShape('/open')).toBe('/open');
  });
});
