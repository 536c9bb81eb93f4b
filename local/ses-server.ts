/**
 * A local SES endpoint (aws-ses-v2-local) that accepts the SES API's SendRawEmail and keeps what
 * was sent, with a web view at its root: officers' notices and forwarded mail can be read there.
 * Its store lives in this process's memory and is one per process (a module variable of the
 * package), so it is emptied on stop: a stack started later in the same process starts with an
 * empty outbox. Two endpoints running at once in one process would share it.
 */
import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { freePort } from './free-port.ts';

export interface SentMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
  readonly attachments: readonly { readonly filename?: string; readonly contentType: string }[];
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly at: number;
}

export interface SesServer {
  readonly endpoint: string;
  readonly port: number;
  /** Everything sent so far, oldest first. */
  sent(): Promise<SentMail[]>;
  stop(): Promise<void>;
}

// A CommonJS module with `exports.default`: Node gives the exports object, some loaders the function.
type StartSes = typeof sesLocal.default;
const startSesServer: StartSes =
  typeof sesLocal === 'function' ? (sesLocal as unknown as StartSes) : sesLocal.default;

export async function startLocalSes(options: { port?: number } = {}): Promise<SesServer> {
  const port = options.port ?? (await freePort());
  const server: Server = await startSesServer({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    endpoint,
    port,
    sent: async () => {
      const response = await fetch(`${endpoint}/store`);
      if (!response.ok) throw new Error(`local SES store: HTTP ${response.status}`);
      return ((await response.json()) as { emails: SentMail[] }).emails;
    },
    stop: async () => {
      await fetch(`${endpoint}/clear-store`, { method: 'POST' }).catch(() => undefined);
      await new Promise<void>((resolve, reject) => {
        server.closeAllConnections?.();
        server.close((error) => (error ? reject(error) : resolve()));
      });
    },
  };
}
