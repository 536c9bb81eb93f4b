/**
 * DNS and HTTPS as the domain checks see them: a resolver with the shape of
 * `node:dns/promises`' `resolve(name, rrtype)` (the shape mailauth and the local DNS zone use),
 * and a fetcher for the MTA-STS policy file. Both are injected, so checks run offline on
 * recorded answers.
 */

export interface MxAnswer {
  readonly exchange: string;
  readonly priority: number;
}

/** `resolve(name, rrtype)`: TXT answers are lists of strings, MX answers `{ exchange, priority }`. */
export type DomainResolver = (name: string, rrtype: string) => Promise<unknown>;

/** What an HTTPS GET of the policy file answered. */
export interface FetchedPolicy {
  readonly status: number;
  readonly contentType?: string;
  readonly body: string;
}

/** GETs a URL without following redirects (RFC 8461 §3.3); rejects when there is no HTTPS answer. */
export type PolicyFetcher = (url: string) => Promise<FetchedPolicy>;

/** A lookup's result: the records, none at all (NXDOMAIN / NODATA), or a DNS failure. */
export type Lookup<T> =
  | { readonly kind: 'found'; readonly records: readonly T[] }
  | { readonly kind: 'none' }
  | { readonly kind: 'failed'; readonly code: string };

const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA', 'NXDOMAIN', 'NODATA']);

async function lookup<T>(run: () => Promise<readonly T[]>): Promise<Lookup<T>> {
  try {
    const records = await run();
    return records.length === 0 ? { kind: 'none' } : { kind: 'found', records };
  } catch (error) {
    const code = String((error as { code?: unknown }).code ?? 'ESERVFAIL');
    return NO_RECORD.has(code) ? { kind: 'none' } : { kind: 'failed', code };
  }
}

/** TXT records of a name, each with its strings joined as RFC 7208 §3.3 and RFC 7489 §6.6.3 say. */
export function lookupTxt(resolver: DomainResolver, name: string): Promise<Lookup<string>> {
  return lookup(async () => {
    const answer = (await resolver(name, 'TXT')) as readonly (readonly string[] | string)[];
    return answer.map((chunks) => (Array.isArray(chunks) ? chunks.join('') : String(chunks)));
  });
}

/** MX records of a name, lower-cased, without the trailing dot, by preference. */
export function lookupMx(resolver: DomainResolver, name: string): Promise<Lookup<MxAnswer>> {
  return lookup(async () => {
    const answer = (await resolver(name, 'MX')) as readonly MxAnswer[];
    return answer
      .map((mx) => ({ exchange: mx.exchange.toLowerCase().replace(/\.$/, ''), priority: mx.priority }))
      .sort((a, b) => a.priority - b.priority);
  });
}
