import type { HeaderField } from './header-section.ts';
import {
  AUTH_RESULTS,
  type AuthResult,
  SCAN_VERDICTS,
  type ScanVerdict,
  type SesVerdicts,
} from './inbound-mail.ts';

/** The value when SES said nothing we can trust: never a pass. */
export const UNKNOWN_VERDICTS: SesVerdicts = Object.freeze({
  spam: 'UNKNOWN',
  virus: 'UNKNOWN',
  spf: 'unknown',
  dkim: 'unknown',
  dmarc: 'unknown',
});

/** Fields SES prepends on receipt, in the order it writes them. */
const SES_FIELDS: ReadonlySet<string> = new Set([
  'return-path',
  'received',
  'x-ses-spam-verdict',
  'x-ses-virus-verdict',
  'received-spf',
  'authentication-results',
  'x-ses-receipt',
  'x-ses-dkim-signature',
]);
/** SES writes this field last; anything after it is the sender's. */
const SES_LAST_FIELD = 'x-ses-dkim-signature';
/** SES's own receipt marker; a block without it is not known to be SES's. */
const SES_RECEIPT_FIELD = 'x-ses-receipt';
const SES_AUTHSERV_ID = 'amazonses.com';

/**
 * SES's block: the contiguous run of SES-added fields from the very top of the message. It ends
 * at the first field SES does not add, at the second occurrence of any field (SES adds each
 * once), or just after `X-SES-DKIM-SIGNATURE`, the last field SES writes. Everything below it
 * came from the sender, who can write identical fields (RFC 8601 §5), so it is never read.
 */
export function sesBlock(fields: readonly HeaderField[]): readonly HeaderField[] {
  const block: HeaderField[] = [];
  const seen = new Set<string>();
  for (const field of fields) {
    if (!SES_FIELDS.has(field.key) || seen.has(field.key)) break;
    seen.add(field.key);
    block.push(field);
    if (field.key === SES_LAST_FIELD) break;
  }
  return block;
}

/**
 * Reads SES's verdicts from the top-level header fields, using only SES's block (see
 * {@link sesBlock}). Missing fields give `UNKNOWN` / `unknown`. When the block has no
 * `X-SES-RECEIPT`, the run may have reached into the sender's fields, so passes are not
 * believed there (they become unknown) while failures still count: forging a failure gains
 * a sender nothing.
 *
 * DKIM is `pass` when any DKIM result in SES's `Authentication-Results` passes (RFC 6376 §6.1:
 * one valid signature is enough); that only says some domain signed the message, so trust in
 * the sender is DMARC's job, which checks alignment with `From`.
 */
export function readSesVerdicts(fields: readonly HeaderField[]): SesVerdicts {
  const block = sesBlock(fields);
  const value = (key: string): string | undefined => block.find((f) => f.key === key)?.value;
  const results = parseSesAuthenticationResults(value('authentication-results'));
  const receivedSpf = value('received-spf');

  const dkimResults = results.filter((r) => r.method === 'dkim').map((r) => r.result);
  const dmarc = single(results, 'dmarc');
  const spf = single(results, 'spf')?.result ?? (receivedSpf ? spfResult(receivedSpf) : 'unknown');

  const verdicts: SesVerdicts = {
    spam: scanVerdict(value('x-ses-spam-verdict')),
    virus: scanVerdict(value('x-ses-virus-verdict')),
    spf,
    dkim: dkimResults.includes('pass') ? 'pass' : (dkimResults[0] ?? 'unknown'),
    dmarc: dmarc?.result ?? 'unknown',
    ...(dmarc?.headerFrom ? { dmarcHeaderFrom: dmarc.headerFrom } : {}),
  };
  return block.some((f) => f.key === SES_RECEIPT_FIELD) ? verdicts : withoutPasses(verdicts);
}

/**
 * The one result SES states for `method`. SES states DMARC and SPF once; two results that
 * disagree mean the field was tampered with or misread, and count as `unknown`, never `pass`.
 */
function single(results: readonly AuthMethodResult[], method: string): AuthMethodResult | undefined {
  const found = results.filter((r) => r.method === method);
  if (found.length <= 1) return found[0];
  return found.every((r) => r.result === found[0]?.result) ? found[0] : { method, result: 'unknown' };
}

function withoutPasses(v: SesVerdicts): SesVerdicts {
  const scan = (s: ScanVerdict): ScanVerdict => (s === 'PASS' ? 'UNKNOWN' : s);
  const auth = (a: AuthResult): AuthResult => (a === 'pass' ? 'unknown' : a);
  return {
    spam: scan(v.spam),
    virus: scan(v.virus),
    spf: auth(v.spf),
    dkim: auth(v.dkim),
    dmarc: auth(v.dmarc),
    ...(v.dmarc !== 'pass' && v.dmarcHeaderFrom ? { dmarcHeaderFrom: v.dmarcHeaderFrom } : {}),
  };
}

const KNOWN_SCAN_VERDICTS: ReadonlySet<string> = new Set(SCAN_VERDICTS);

function scanVerdict(value: string | undefined): ScanVerdict {
  const v = value?.trim().toUpperCase();
  return v && KNOWN_SCAN_VERDICTS.has(v) ? (v as ScanVerdict) : 'UNKNOWN';
}

const KNOWN_AUTH_RESULTS: ReadonlySet<string> = new Set(AUTH_RESULTS);

function authResult(word: string): AuthResult {
  const w = word.toLowerCase();
  if (w === 'hardfail') return 'fail'; // RFC 7208 §A legacy spelling
  return KNOWN_AUTH_RESULTS.has(w) ? (w as AuthResult) : 'unknown';
}

/** `Received-SPF: <result> (comment) key=value; …` (RFC 7208 §9.1). */
function spfResult(value: string): AuthResult {
  const word = /^\s*([A-Za-z]+)/.exec(value)?.[1];
  return word ? authResult(word) : 'unknown';
}

/** One `method=result` from an `Authentication-Results` field. */
export interface AuthMethodResult {
  readonly method: string;
  readonly result: AuthResult;
  /** `header.from` property, lower-cased, when stated. */
  readonly headerFrom?: string;
}

/**
 * Parses an `Authentication-Results` value (RFC 8601 §2.2) and returns its results only when the
 * authserv-id is SES's (`amazonses.com`); any other id yields none.
 */
export function parseSesAuthenticationResults(value: string | undefined): readonly AuthMethodResult[] {
  if (!value) return [];
  // Split outside quoted strings: a sender-controlled value such as a quoted local part of
  // `smtp.mailfrom` may itself hold `;dmarc=pass`.
  const [authserv, ...resinfos] = splitOutsideQuotes(stripComments(value), ';');
  if (authserv?.trim().split(/\s+/)[0]?.toLowerCase() !== SES_AUTHSERV_ID) return [];
  const out: AuthMethodResult[] = [];
  for (const resinfo of resinfos) {
    const match = /^\s*([A-Za-z0-9_-]+)(?:\/[0-9]+)?\s*=\s*([A-Za-z]+)/.exec(resinfo);
    if (!match) continue;
    const headerFrom = /\bheader\.from\s*=\s*"?([^\s;"]+)/i.exec(resinfo)?.[1]?.toLowerCase();
    out.push({
      method: match[1]!.toLowerCase(),
      result: authResult(match[2]!),
      ...(headerFrom ? { headerFrom } : {}),
    });
  }
  return out;
}

/** Splits on `separator` where it is not inside a double-quoted string (quoted pairs honoured). */
function splitOutsideQuotes(value: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (quoted && ch === '\\') {
      current += ch + (value[i + 1] ?? '');
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
      current += ch;
    } else if (!quoted && ch === separator) {
      parts.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  parts.push(current);
  return parts;
}

/** Drops RFC 5322 comments (nested parentheses, quoted pairs) in one linear pass. */
function stripComments(value: string): string {
  let out = '';
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    if (ch === '\\' && (depth > 0 || quoted)) {
      if (depth === 0) out += ch + (value[i + 1] ?? '');
      i++;
    } else if (depth === 0 && ch === '"') {
      quoted = !quoted;
      out += ch;
    } else if (!quoted && ch === '(') {
      depth++;
    } else if (!quoted && ch === ')' && depth > 0) {
      depth--;
    } else if (depth === 0) {
      out += ch;
    }
  }
  return out;
}
