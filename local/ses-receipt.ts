/**
 * The header block Amazon SES prepends to a message it receives, in SES's order and wording, from
 * the facts the local SMTP listener gathered. `shared/mail/ses-headers.ts` trusts only this block
 * at the top of the message, so its format must round-trip through `readSesVerdicts`.
 */
import { randomBytes } from 'node:crypto';
import type { SesScanVerdict } from './test-string-scan.ts';

/** What the listener knows about one received message, for one recipient. */
export interface ReceiptFacts {
  readonly messageId: string;
  readonly receivedAt: Date;
  /** This receiving host's name, written where SES writes `inbound-smtp.<region>.amazonaws.com`. */
  readonly hostname: string;
  readonly helo: string;
  readonly clientIp: string;
  /** MAIL FROM; empty for the null sender. */
  readonly mailFrom: string;
  readonly recipient: string;
  readonly spam: SesScanVerdict;
  readonly virus: SesScanVerdict;
  readonly spf: { readonly result: string; readonly domain: string };
  /** One entry per DKIM signature; empty when the message is not signed. */
  readonly dkim: readonly { readonly result: string; readonly domain?: string }[];
  readonly dmarc: { readonly result: string; readonly headerFrom?: string };
}

/** A new SES-style message id: 40 characters of lower-case base32hex, as SES's look. */
export function sesMessageId(): string {
  const alphabet = '0123456789abcdefghijklmnopqrstuv';
  return [...randomBytes(40)].map((byte) => alphabet[byte & 31]).join('');
}

/** The block to put on top of the raw message, each field ending in CRLF. */
export function sesReceiptHeaders(facts: ReceiptFacts): string {
  const helo = token(facts.helo);
  const ip = token(facts.clientIp);
  const mailFrom = token(facts.mailFrom);
  const spfDomain = token(facts.spf.domain);
  const spfResult = word(facts.spf.result);
  const spfTail = `(spfCheck: ${spfComment(spfResult, spfDomain, ip)}) client-ip=${ip}; envelope-from=${mailFrom}; helo=${helo};`;
  const dkim = facts.dkim.length
    ? facts.dkim.map((d) => `dkim=${word(d.result)}${d.domain ? ` header.i=@${token(d.domain)}` : ''};`)
    : ['dkim=none;'];
  const headerFrom = facts.dmarc.headerFrom ? ` header.from=${token(facts.dmarc.headerFrom)}` : '';
  const fields = [
    `Return-Path: <${mailFrom}>`,
    `Received: from ${helo} (${helo} [${ip}])\r\n by ${token(facts.hostname)} with SMTP id ${facts.messageId}\r\n for ${token(facts.recipient)};\r\n ${rfc5322Date(facts.receivedAt)}`,
    `X-SES-Spam-Verdict: ${facts.spam}`,
    `X-SES-Virus-Verdict: ${facts.virus}`,
    `Received-SPF: ${spfResult} ${spfTail}`,
    [
      'Authentication-Results: amazonses.com;',
      `spf=${spfResult} ${spfTail}`,
      ...dkim,
      `dmarc=${word(facts.dmarc.result)}${headerFrom};`,
    ].join('\r\n '),
    // Opaque to the pipeline, which only checks that SES's block has it.
    `X-SES-RECEIPT: ${randomBytes(96).toString('base64')}`,
  ];
  return `${fields.join('\r\n')}\r\n`;
}

// The wording of SES's Received-SPF comments (libspf2's).
function spfComment(result: string, domain: string, ip: string): string {
  switch (result) {
    case 'pass':
      return `domain of ${domain} designates ${ip} as permitted sender`;
    case 'fail':
      return `domain of ${domain} does not designate ${ip} as permitted sender`;
    case 'softfail':
      return `transitioning domain of ${domain} does not designate ${ip} as permitted sender`;
    case 'neutral':
      return `${ip} is neither permitted nor denied by domain of ${domain}`;
    case 'none':
      return `domain of ${domain} does not designate permitted sender hosts`;
    default:
      return `error in processing during lookup of ${domain}`;
  }
}

/**
 * A value the sender chose (HELO, MAIL FROM, signing and From domains) as one header token.
 * Anything that could end a comment or a result (`;` `(` `)` `"`), fold a line or start a new
 * field becomes `?`, so a sender cannot write a verdict into SES's block; the length is capped
 * to keep lines within RFC 5322's limit.
 */
function token(value: string): string {
  return value.replace(/[^\p{L}\p{N}!#$%&'*+\-/=?^_`{|}~.@[\]:]/gu, '?').slice(0, 255);
}

/** A result keyword as SES writes it (mailauth's `temperr` is the old spelling). */
function word(result: string): string {
  const w = result.toLowerCase();
  return w === 'temperr' ? 'temperror' : /^[a-z]+$/.test(w) ? w : 'permerror';
}

/** `Mon, 23 Nov 2026 09:14:02 +0000 (UTC)`, as SES dates its Received field. */
function rfc5322Date(date: Date): string {
  return date.toUTCString().replace(/ GMT$/, ' +0000 (UTC)');
}
