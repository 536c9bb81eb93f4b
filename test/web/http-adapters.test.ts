import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { fromApiGateway, toApiGateway } from '../../shared/web/api-gateway.ts';
import type { WebRequest } from '../../shared/web/http.ts';
import { formFields } from '../../shared/web/http.ts';
import { serveLocally } from '../../shared/web/node-http.ts';

function event(overrides: Partial<APIGatewayProxyEventV2> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: '/mailboxes/a%40b.gov.uk',
    rawQueryString: 'x=1',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    cookies: ['a=1', 'b=2'],
    body: Buffer.from('csrf=t&token=abc').toString('base64'),
    isBase64Encoded: true,
    requestContext: {
      http: { method: 'POST', path: '/x', protocol: 'HTTP/1.1', sourceIp: '192.0.2.1', userAgent: 'ua' },
      requestId: 'req-1',
    } as APIGatewayProxyEventV2['requestContext'],
    isBase64EncodedBody: undefined,
    ...overrides,
  } as APIGatewayProxyEventV2;
}

describe('API Gateway adapter', () => {
  it('reads method, decoded path, cookies, base64 form body and source address', () => {
    const request = fromApiGateway(event());
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/mailboxes/a@b.gov.uk');
    expect(request.cookies).toEqual({ a: '1', b: '2' });
    expect(formFields(request).get('token')).toBe('abc');
    expect(request.sourceIp).toBe('192.0.2.1');
    expect(request.requestId).toBe('req-1');
  });

  it('sends binary bodies base64-encoded and text as is, with cookies apart', () => {
    const binary = toApiGateway({ status: 200, headers: {}, body: new Uint8Array([1, 2, 3]) });
    expect(binary).toMatchObject({ isBase64Encoded: true, body: 'AQID' });
    const text = toApiGateway({ status: 303, headers: { location: '/' }, cookies: ['s=1'], body: '' });
    expect(text).toMatchObject({ isBase64Encoded: false, cookies: ['s=1'], statusCode: 303 });
  });
});

describe('Local node:http adapter', () => {
  it('serves a handler on a loopback port with the same request shape', async () => {
    let seen: WebRequest | undefined;
    const server = await serveLocally(async (request) => {
      seen = request;
      return { status: 201, headers: { 'x-test': 'yes' }, cookies: ['a=1', 'b=2'], body: 'ok' };
    });
    try {
      const response = await fetch(`${server.url}/p%20q?x=1`, {
        method: 'POST',
        headers: { cookie: 'c=3', 'content-type': 'application/x-www-form-urlencoded' },
        body: 'f=v',
      });
      expect(response.status).toBe(201);
      expect(response.headers.get('x-test')).toBe('yes');
      expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
      expect(seen).toMatchObject({ method: 'POST', path: '/p q', cookies: { c: '3' }, body: 'f=v' });
      expect(seen?.query.get('x')).toBe('1');
    } finally {
      await server.stop();
    }
  });

  it('refuses an oversized body without calling the handler', async () => {
    let called = false;
    const server = await serveLocally(async () => {
      called = true;
      return { status: 200, headers: {}, body: '' };
    });
    try {
      const response = await fetch(server.url, { method: 'POST', body: 'x'.repeat(20_000) });
      expect(response.status).toBe(413);
      expect(called).toBe(false);
    } finally {
      await server.stop();
    }
  });
});
