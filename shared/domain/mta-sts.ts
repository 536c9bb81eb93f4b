/**
 * MTA-STS (RFC 8461): the `_mta-sts` TXT record, and the policy file served at
 * `https://mta-sts.<domain>/.well-known/mta-sts.txt`. Policy files are read with mailauth's
 * strict parser and MX names matched with its `validateMx`, the code its MTA-STS client runs.
 */
import { createHash } from 'node:crypto';
import { type MtaStsPolicy, parsePolicy, validateMx } from 'mailauth/lib/mta-sts.js';
import { DomainRecordError, parseTagList } from './record-error.ts';

export type { MtaStsPolicy };
export type MtaStsMode = MtaStsPolicy['mode'];

export interface MtaStsTxtRecord {
  readonly raw: string;
  readonly id: string;
}

/** RFC 8461 §3.2 caps the policy file; senders stop reading at 64 KiB. */
export const MAX_POLICY_BYTES = 64 * 1024;

export function isMtaStsRecord(txt: string): boolean {
  return /^v\s*=\s*STSv1/i.test(txt.trim());
}

/** `v=STSv1; id=<1-32 letters or digits>;` */
export function parseMtaStsTxt(txt: string): MtaStsTxtRecord {
  const tags = parseTagList('MTA-STS', txt.trim(), 'STSv1');
  const id = tags.get('id');
  if (id === undefined) throw new DomainRecordError('MTA-STS record: the id= tag is missing');
  if (!/^[A-Za-z0-9]{1,32}$/.test(id)) {
    throw new DomainRecordError(`MTA-STS record: id=${id} must be 1 to 32 letters or digits`);
  }
  return { raw: txt, id };
}

/** The URL a sender fetches the policy of `domain` from. */
export function policyUrl(domain: string): string {
  return `https://mta-sts.${domain}/.well-known/mta-sts.txt`;
}

export function parseMtaStsPolicy(text: string): MtaStsPolicy {
  if (text.length > MAX_POLICY_BYTES) {
    throw new DomainRecordError(`MTA-STS policy is over ${MAX_POLICY_BYTES} bytes`);
  }
  try {
    return parsePolicy(text, { strict: true });
  } catch (error) {
    throw new DomainRecordError(`MTA-STS policy: ${(error as Error).message}`, { cause: error });
  }
}

/** The MX hosts a policy does not name (a sender in enforce mode refuses to deliver to them). */
export function mxNotInPolicy(policy: MtaStsPolicy, mxHosts: readonly string[]): string[] {
  return mxHosts.filter((host) => !validateMx(host, policy).valid);
}

export interface MtaStsPolicySettings {
  readonly mode: MtaStsMode;
  readonly mx: readonly string[];
  readonly maxAgeSeconds: number;
}

/** The policy file, CRLF line endings as RFC 8461 §3.2 writes them. */
export function renderMtaStsPolicy(settings: MtaStsPolicySettings): string {
  const lines = ['version: STSv1', `mode: ${settings.mode}`, ...settings.mx.map((mx) => `mx: ${mx}`)];
  lines.push(`max_age: ${settings.maxAgeSeconds}`);
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * The `id` for a policy: derived from its text, so any change to the policy changes the id
 * and senders fetch the new one (RFC 8461 §3.1).
 */
export function mtaStsPolicyId(policyText: string): string {
  return createHash('sha256').update(policyText).digest('hex').slice(0, 32);
}
