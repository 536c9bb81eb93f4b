/**
 * An S3-compatible server on loopback (s3rver) holding the mail bucket, with a hook for
 * object-created events: the local stand-in for S3 → SQS notifications. s3rver emits the same
 * S3 event record shape S3 puts in the SQS message body.
 */
import { mkdirSync } from 'node:fs';
import type { Server } from 'node:http';
import S3rver from 's3rver';
import { freePort } from './free-port.ts';

export interface S3Server {
  readonly endpoint: string;
  readonly port: number;
  /** Calls `listener` with the S3 event notification body (JSON) for each created object. */
  onObjectCreated(listener: (notificationBody: string) => void): void;
  /** Drops every connection and stops listening at once, as a crash would; objects on disk stay. */
  kill(): Promise<void>;
  /** Listens again on the same port and folder, after `kill` or `stop`; listeners are kept. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface S3ServerOptions {
  readonly directory: string;
  readonly buckets: readonly string[];
  readonly port?: number;
}

interface S3rverEvent {
  readonly Records: readonly { readonly eventName: string }[];
}

export async function startS3Server(options: S3ServerOptions): Promise<S3Server> {
  mkdirSync(options.directory, { recursive: true });
  const port = options.port ?? (await freePort());
  const listeners: ((body: string) => void)[] = [];
  const announce = (event: S3rverEvent) => {
    const created = event.Records.filter((r) => r.eventName.startsWith('ObjectCreated:'));
    if (created.length === 0) return;
    const body = JSON.stringify({ Records: created });
    for (const listener of listeners) listener(body);
  };
  const listen = async () => {
    const server = new S3rver({
      port,
      address: '127.0.0.1',
      directory: options.directory,
      silent: true,
      configureBuckets: options.buckets.map((name) => ({ name, configs: [] })),
    });
    await server.run();
    server.on('event', announce);
    return server;
  };
  let server: S3rver | undefined = await listen();
  const close = async (abruptly: boolean) => {
    const closing = server;
    server = undefined;
    if (!closing) return;
    if (abruptly) (closing as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
    await closing.close();
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    onObjectCreated: (listener) => listeners.push(listener),
    kill: () => close(true),
    restart: async () => {
      await close(true);
      server = await listen();
    },
    stop: () => close(false),
  };
}
