/**
 * SPF records (RFC 7208). Syntax is checked by mailauth's own term validator (the one its SPF
 * verifier runs); this module adds what a domain check needs: the `all` qualifier, the
 * include / redirect targets and the terms that cost a DNS lookup.
 */
import { validateTerms } from 'mailauth/lib/spf/syntax.js';
import { assertRecordSize, DomainRecordError } from './record-error.ts';

export type SpfQualifier = '+' | '-' | '~' | '?';

export interface SpfRecord {
  readonly raw: string;
  /** Qualifier of the `all` mechanism, when there is one. */
  readonly all?: SpfQualifier;
  /** Domains named by `include:` (macros left as written). */
  readonly includes: readonly string[];
  readonly redirect?: string;
  /** Terms that cause a DNS lookup (RFC 7208 §4.6.4): include, a, mx, ptr, exists, redirect. */
  readonly lookupTerms: number;
}

/** Whether a TXT record is an SPF record at all (RFC 7208 §4.5). */
export function isSpfRecord(txt: string): boolean {
  return /^v=spf1/i.test(txt.trim());
}

const LOOKUP_MECHANISMS = new Set(['include', 'a', 'mx', 'ptr', 'exists']);

export function parseSpfRecord(txt: string): SpfRecord {
  assertRecordSize('SPF', txt);
  if (!/^v=spf1(?: |$)/i.test(txt.trim())) {
    throw new DomainRecordError('SPF record must start with "v=spf1" followed by a space');
  }
  const terms = txt.trim().split(/ +/).slice(1).filter(Boolean);
  const problem = validateTerms(terms);
  if (problem) throw new DomainRecordError(`SPF record: ${problem}`);
  let all: SpfQualifier | undefined;
  let redirect: string | undefined;
  const includes: string[] = [];
  let lookupTerms = 0;
  for (const term of terms) {
    const modifier = /^([a-z][a-z0-9_.-]*)=(.*)$/i.exec(term);
    if (modifier) {
      if (modifier[1]?.toLowerCase() === 'redirect') {
        redirect = modifier[2];
        lookupTerms++;
      }
      continue;
    }
    const mechanism = /^([+\-~?]?)([a-z0-9]+)(?::([^/]*))?/i.exec(term);
    const name = mechanism?.[2]?.toLowerCase() ?? '';
    if (name === 'all') all = (mechanism?.[1] || '+') as SpfQualifier;
    if (name === 'include' && mechanism?.[3]) includes.push(mechanism[3].toLowerCase());
    if (LOOKUP_MECHANISMS.has(name)) lookupTerms++;
  }
  return { raw: txt, ...(all ? { all } : {}), includes, ...(redirect ? { redirect } : {}), lookupTerms };
}
