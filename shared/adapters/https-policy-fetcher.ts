/**
 * The MTA-STS policy fetcher on Node's fetch: HTTPS only with the platform's certificate checks,
 * no redirects (RFC 8461 §3.3), a time limit, and at most one byte past the policy size cap read.
 */
import type { FetchedPolicy, PolicyFetcher } from '../domain/dns-lookup.ts';
import { MAX_POLICY_BYTES } from '../domain/mta-sts.ts';

export interface HttpsPolicyFetcherOptions {
  /** @default 15_000 */
  readonly timeoutMs?: number;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

export function httpsPolicyFetcher(options: HttpsPolicyFetcherOptions = {}): PolicyFetcher {
  const run = options.fetch ?? fetch;
  return async (url): Promise<FetchedPolicy> => {
    if (!url.startsWith('https://')) throw new Error(`policy URLs are HTTPS only: ${url}`);
    const response = await run(url, {
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
      headers: { accept: 'text/plain' },
    });
    const contentType = response.headers.get('content-type') ?? undefined;
    return {
      status: response.status,
      ...(contentType ? { contentType } : {}),
      body: await readCapped(response, MAX_POLICY_BYTES + 1),
    };
  };
}

async function readCapped(response: Response, maxBytes: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  while (total < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    total += value.byteLength;
  }
  await reader.cancel().catch(() => undefined);
  return Buffer.concat(chunks).subarray(0, maxBytes).toString('utf8');
}
