/**
 * API Gateway HTTP API (payload format 2.0) events to {@link WebRequest} and back. Binary
 * responses (downloads, fonts) go out base64-encoded, as the integration requires.
 */
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { parseCookies } from './cookies.ts';
import type { WebRequest, WebResponse } from './http.ts';
import { safeDecode } from './node-http.ts';

export function fromApiGateway(event: APIGatewayProxyEventV2): WebRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers[name.toLowerCase()] = value;
  }
  const body = event.body
    ? event.isBase64Encoded
      ? Buffer.from(event.body, 'base64').toString('utf8')
      : event.body
    : '';
  return {
    method: event.requestContext.http.method,
    path: safeDecode(event.rawPath),
    query: new URLSearchParams(event.rawQueryString ?? ''),
    headers,
    // HTTP APIs move the Cookie header into `cookies`.
    cookies: parseCookies([...(event.cookies ?? []), ...(headers.cookie ? [headers.cookie] : [])].join('; ')),
    body,
    sourceIp: event.requestContext.http.sourceIp,
    requestId: event.requestContext.requestId,
  };
}

export function toApiGateway(response: WebResponse): APIGatewayProxyStructuredResultV2 {
  const binary = typeof response.body !== 'string';
  return {
    statusCode: response.status,
    headers: { ...response.headers },
    ...(response.cookies?.length ? { cookies: [...response.cookies] } : {}),
    body: binary ? Buffer.from(response.body).toString('base64') : (response.body as string),
    isBase64Encoded: binary,
  };
}
