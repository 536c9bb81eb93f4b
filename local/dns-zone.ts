/**
 * A small in-memory DNS zone for the local stack, so SPF, DKIM and DMARC are evaluated by the real
 * library against records we control, with no network. `zoneResolver()` answers like
 * `node:dns/promises`' `resolve(name, rrtype)` (the shape mailauth's `resolver` option expects),
 * including its ENOTFOUND / ENODATA error codes, which mailauth reads to tell "no record" from
 * a DNS failure.
 */
import { dkimTxtRecord } from './dkim-keys.ts';

export interface MxRecord {
  readonly exchange: string;
  readonly priority: number;
}

/** The records of one name. TXT values are whole strings; the resolver splits them as DNS does. */
export interface ZoneEntry {
  readonly txt?: readonly string[];
  readonly mx?: readonly MxRecord[];
  readonly a?: readonly string[];
  readonly aaaa?: readonly string[];
}

/** Names (any case, with or without a trailing dot) to their records. */
export type Zone = Readonly<Record<string, ZoneEntry>>;

/** `resolve(name, rrtype)` as mailauth calls it. */
export type DnsResolver = (name: string, rrtype: string) => Promise<string[][] | string[] | MxRecord[]>;

/** A lookup the zone cannot answer, with Node's `code` (ENOTFOUND, ENODATA). */
export class DnsLookupError extends Error {
  override readonly name = 'DnsLookupError';
  readonly code: 'ENOTFOUND' | 'ENODATA';
  readonly hostname: string;
  readonly syscall: string;
  constructor(code: 'ENOTFOUND' | 'ENODATA', syscall: string, hostname: string) {
    super(`${syscall} ${code} ${hostname}`);
    this.code = code;
    this.syscall = syscall;
    this.hostname = hostname;
  }
}

// RFC 1035 §3.3.14: a TXT record is a list of strings of at most 255 octets each.
const TXT_CHUNK = 255;

export function zoneResolver(zone: Zone): DnsResolver {
  const entries = new Map(Object.entries(zone).map(([name, entry]) => [normalise(name), entry]));
  const names = [...entries.keys()];
  return async (name, rrtype) => {
    const host = normalise(name);
    const type = rrtype.toUpperCase();
    const syscall = `query${type.charAt(0)}${type.slice(1).toLowerCase()}`;
    const entry = entries.get(host);
    // A name with records only below it (e.g. `_domainkey.<domain>`) exists: NODATA, not NXDOMAIN.
    if (!entry && !names.some((n) => n.endsWith(`.${host}`))) {
      throw new DnsLookupError('ENOTFOUND', syscall, name);
    }
    const answer = entry ? records(entry, type) : undefined;
    if (!answer || answer.length === 0) throw new DnsLookupError('ENODATA', syscall, name);
    return answer;
  };
}

function records(entry: ZoneEntry, type: string): string[][] | string[] | MxRecord[] | undefined {
  switch (type) {
    case 'TXT':
      return entry.txt?.map(chunks);
    case 'MX':
      return entry.mx?.map((mx) => ({ ...mx }));
    case 'A':
      return entry.a ? [...entry.a] : undefined;
    case 'AAAA':
      return entry.aaaa ? [...entry.aaaa] : undefined;
    default:
      return undefined;
  }
}

function chunks(value: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < value.length; i += TXT_CHUNK) out.push(value.slice(i, i + TXT_CHUNK));
  return out.length > 0 ? out : [''];
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/\.$/, '');
}

/** The DKIM selector every demo domain publishes its key under. */
export const DEMO_DKIM_SELECTOR = 'caveat-demo';

/**
 * Sending addresses of the demo senders (documentation ranges, RFC 5737), for a test or demo to
 * pass as the client IP: citizens' ISP, government and NHS mail, and everyone else.
 */
export const DEMO_SENDER_IPS = {
  citizenIsp: '198.51.100.25',
  government: '192.0.2.25',
  other: '203.0.113.25',
} as const;

interface DemoDomain {
  readonly domain: string;
  readonly spf: string;
  readonly dmarc: string;
}

// The sender domains of samples/*.eml. Public-sector domains publish p=reject, as GOV.UK's email
// security guidance recommends; a citizen's ISP often publishes only p=none.
const DEMO_DOMAINS: readonly DemoDomain[] = [
  { domain: 'example-mail.co.uk', spf: 'ip4:198.51.100.0/24', dmarc: 'p=none' },
  ...['dwp.gov.uk', 'hmrc.gov.uk', 'hmpo.gov.uk', 'cambridgeshire.gov.uk', 'nhs.net'].map((domain) => ({
    domain,
    spf: 'ip4:192.0.2.0/24',
    dmarc: 'p=reject',
  })),
  ...['supplier-example.co.uk', 'parcel-example.com', 'lottery-example.biz'].map((domain) => ({
    domain,
    spf: 'ip4:203.0.113.0/24',
    dmarc: 'p=none',
  })),
];

/**
 * The zone of the demo sender domains: SPF, DMARC, an MX, and one DKIM public key (see
 * `local/dkim-keys.ts`) under {@link DEMO_DKIM_SELECTOR} for each.
 */
export function demoZone(options: { readonly dkimPublicKeyPem: string }): Zone {
  const dkimTxt = dkimTxtRecord(options.dkimPublicKeyPem);
  const zone: Record<string, ZoneEntry> = {};
  for (const { domain, spf, dmarc } of DEMO_DOMAINS) {
    zone[domain] = {
      txt: [`v=spf1 ${spf} -all`],
      mx: [{ exchange: `mail.${domain}`, priority: 10 }],
    };
    zone[`_dmarc.${domain}`] = { txt: [`v=DMARC1; ${dmarc}`] };
    zone[`${DEMO_DKIM_SELECTOR}._domainkey.${domain}`] = { txt: [dkimTxt] };
  }
  return zone;
}
