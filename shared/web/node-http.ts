/**
 * Serves a page handler on a local port with node:http, as API Gateway would in AWS: the same
 * {@link WebRequest} in, the same {@link WebResponse} out.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseCookies } from './cookies.ts';
import { MAX_FORM_BYTES, type WebRequest, type WebResponse } from './http.ts';

export type WebHandler = (request: WebRequest) => Promise<WebResponse>;

export interface LocalWebServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

export async function serveLocally(
  handler: WebHandler,
  options: {
    readonly port?: number;
    readonly host?: string;
    readonly onError?: (error: unknown) => void;
  } = {},
): Promise<LocalWebServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((incoming, outgoing) => {
    respond(handler, incoming, outgoing).catch((error: unknown) => {
      options.onError?.(error);
      if (!outgoing.headersSent) outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end('Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function respond(handler: WebHandler, incoming: IncomingMessage, outgoing: ServerResponse) {
  const body = await readBody(incoming);
  if (body === undefined) {
    outgoing.writeHead(413, { 'content-type': 'text/plain' }).end('Request body too large');
    return;
  }
  const url = new URL(incoming.url ?? '/', 'http://localhost');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const response = await handler({
    method: incoming.method ?? 'GET',
    path: safeDecode(url.pathname),
    query: url.searchParams,
    headers,
    cookies: parseCookies(headers.cookie),
    body,
    sourceIp: incoming.socket.remoteAddress ?? 'unknown',
    requestId: randomUUID(),
  });
  outgoing.statusCode = response.status;
  for (const [name, value] of Object.entries(response.headers)) outgoing.setHeader(name, value);
  if (response.cookies?.length) outgoing.setHeader('set-cookie', [...response.cookies]);
  outgoing.end(response.body);
}

function readBody(incoming: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    incoming.on('end', () =>
      resolve(size > MAX_FORM_BYTES ? undefined : Buffer.concat(chunks).toString('utf8')),
    );
    incoming.on('error', reject);
  });
}

/** A path with a malformed escape stays as sent; the router then finds no page for it. */
export function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
