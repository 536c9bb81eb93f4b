/**
 * DMARC policy records (RFC 7489 §6.3). Tags are read by mailauth's parser (the one its DMARC
 * verifier uses, strict mode: a duplicated tag is an error); the values a policy needs are then
 * checked here with the reason for each error.
 */
import { parseDmarcRecord } from 'mailauth/lib/dmarc/get-dmarc-record.js';
import { assertRecordSize, DomainRecordError, reportingUri } from './record-error.ts';

export type DmarcPolicy = 'none' | 'quarantine' | 'reject';

export interface DmarcRecord {
  readonly raw: string;
  readonly p: DmarcPolicy;
  /** Subdomain policy; defaults to `p`. */
  readonly sp: DmarcPolicy;
  /** Percentage of failing mail the policy applies to. */
  readonly pct: number;
  /** Aggregate report URIs. */
  readonly rua: readonly string[];
  readonly adkim: 'r' | 's';
  readonly aspf: 'r' | 's';
}

const POLICIES = new Set<string>(['none', 'quarantine', 'reject']);

/** Whether a TXT record at `_dmarc.<domain>` is meant as a DMARC record. */
export function isDmarcRecord(txt: string): boolean {
  return /^v\s*=\s*DMARC1/i.test(txt.trim());
}

export function parseDmarc(txt: string): DmarcRecord {
  assertRecordSize('DMARC', txt);
  if (!/^v\s*=\s*DMARC1\s*(;|$)/.test(txt.trim())) {
    throw new DomainRecordError('DMARC record must start with v=DMARC1');
  }
  const tags = parseDmarcRecord(txt.trim(), { strict: true });
  if (!tags) throw new DomainRecordError('DMARC record: a tag appears twice');
  const policy = (tag: string, value: unknown): DmarcPolicy => {
    if (typeof value !== 'string' || !POLICIES.has(value)) {
      throw new DomainRecordError(
        `DMARC record: ${tag}=${String(value ?? '')} is not one of none, quarantine, reject`,
      );
    }
    return value as DmarcPolicy;
  };
  if (tags.p === undefined) throw new DomainRecordError('DMARC record: the p= tag is missing');
  const p = policy('p', tags.p);
  const sp = tags.sp === undefined ? p : policy('sp', tags.sp);
  const pctText = /(?:^|;)\s*pct\s*=\s*([^;]*)/i.exec(txt)?.[1]?.trim();
  if (pctText !== undefined && !/^\d{1,3}$/.test(pctText)) {
    throw new DomainRecordError(`DMARC record: pct=${pctText} is not a whole number from 0 to 100`);
  }
  const pct = pctText === undefined ? 100 : Number(pctText);
  if (pct > 100) throw new DomainRecordError(`DMARC record: pct=${pct} is over 100`);
  const alignment = (tag: 'adkim' | 'aspf'): 'r' | 's' => {
    const value = tags[tag] ?? 'r';
    if (value !== 'r' && value !== 's')
      throw new DomainRecordError(`DMARC record: ${tag}=${String(value)} is not r or s`);
    return value;
  };
  const rua =
    typeof tags.rua === 'string' && tags.rua !== ''
      ? tags.rua.split(',').map((uri) => reportingUri('DMARC', 'rua', uri, ['mailto', 'https']))
      : [];
  return { raw: txt, p, sp, pct, rua, adkim: alignment('adkim'), aspf: alignment('aspf') };
}
