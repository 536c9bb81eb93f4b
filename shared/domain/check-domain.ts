/**
 * `caveat domain check`: a receiving domain's MX, SPF, DMARC, MTA-STS and TLS-RPT, each judged
 * pass / warn / fail against UK government email security guidance ("Securing government
 * email", GOV.UK "Set up government email services securely", NCSC) and the RFCs, with the fix
 * for each failure. DNS and HTTPS come in through the injected resolver and fetcher.
 */
import getDmarcRecord from 'mailauth/lib/dmarc/get-dmarc-record.js';
import { isDmarcRecord, parseDmarc } from './dmarc-record.ts';
import {
  type DomainResolver,
  type Lookup,
  lookupMx,
  lookupTxt,
  type MxAnswer,
  type PolicyFetcher,
} from './dns-lookup.ts';
import {
  isMtaStsRecord,
  MAX_POLICY_BYTES,
  type MtaStsPolicy,
  mxNotInPolicy,
  parseMtaStsPolicy,
  parseMtaStsTxt,
  policyUrl,
} from './mta-sts.ts';
import { DomainRecordError } from './record-error.ts';
import { isSpfRecord, parseSpfRecord, type SpfRecord } from './spf-record.ts';
import { isTlsRptRecord, parseTlsRpt } from './tls-rpt-record.ts';

export type CheckStatus = 'pass' | 'warn' | 'fail';
export type CheckId = 'mx' | 'spf' | 'dmarc' | 'mta-sts' | 'tls-rpt';

export interface Finding {
  readonly status: CheckStatus;
  readonly message: string;
  /** What to change; set on every warn and fail. */
  readonly fix?: string;
}

export interface RecordCheck {
  readonly id: CheckId;
  /** The DNS name (or URL) looked at. */
  readonly name: string;
  /** The worst of its findings. */
  readonly status: CheckStatus;
  /** The records (or policy file lines) found, as published. */
  readonly found: readonly string[];
  readonly findings: readonly Finding[];
}

export interface DomainCheckReport {
  readonly domain: string;
  readonly status: CheckStatus;
  readonly checks: readonly RecordCheck[];
}

export interface DomainCheckDependencies {
  readonly resolver: DomainResolver;
  readonly fetchPolicy: PolicyFetcher;
}

/** RFC 7208 §4.6.4: more DNS-querying terms than this is a permanent error. */
export const SPF_LOOKUP_LIMIT = 10;
/** Below a day, a sender's cached MTA-STS policy lapses between most fetches. */
export const MIN_MTA_STS_MAX_AGE = 86_400;

const RANK: Record<CheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worst(statuses: readonly CheckStatus[]): CheckStatus {
  return statuses.reduce<CheckStatus>((a, b) => (RANK[b] > RANK[a] ? b : a), 'pass');
}

const pass = (message: string): Finding => ({ status: 'pass', message });
const warn = (message: string, fix: string): Finding => ({ status: 'warn', message, fix });
const fail = (message: string, fix: string): Finding => ({ status: 'fail', message, fix });

function result(id: CheckId, name: string, found: readonly string[], findings: Finding[]): RecordCheck {
  return { id, name, status: worst(findings.map((f) => f.status)), found, findings };
}

function dnsFailure(name: string, lookup: Lookup<unknown>): Finding | undefined {
  if (lookup.kind !== 'failed') return undefined;
  return fail(
    `the DNS lookup of ${name} failed (${lookup.code})`,
    `check that the domain's name servers answer for ${name}, then run the check again`,
  );
}

interface SingleRecordRule<T> {
  readonly id: CheckId;
  readonly name: string;
  readonly isRecord: (txt: string) => boolean;
  readonly parse: (txt: string) => T;
  /** A record that would pass, for the fixes. */
  readonly example: string;
  /** Why having no record fails. */
  readonly missing: string;
  /** The fix when there is no record; default: publish {@link example}. */
  readonly missingFix?: string;
  /** Why two records are as bad as none. */
  readonly duplicateReason: string;
  /** A check to make instead of failing when the name has no record (DMARC's inherited policy). */
  readonly whenMissing?: () => Promise<RecordCheck | undefined>;
}

/** The one record of its kind at a name, parsed; or the finished check when it is missing, doubled or broken. */
async function singleRecord<T>(
  resolver: DomainResolver,
  rule: SingleRecordRule<T>,
): Promise<{ value: T; record: string; records: string[] } | { check: RecordCheck }> {
  const txt = await lookupTxt(resolver, rule.name);
  const records = txt.kind === 'found' ? txt.records.filter(rule.isRecord) : [];
  const done = (finding: Finding) => ({ check: result(rule.id, rule.name, records, [finding]) });
  const failed = dnsFailure(rule.name, txt);
  if (failed) return done(failed);
  const publish = `publish a TXT record at ${rule.name}: "${rule.example}"`;
  if (records.length === 0) {
    const instead = await rule.whenMissing?.();
    return instead ? { check: instead } : done(fail(rule.missing, rule.missingFix ?? publish));
  }
  if (records.length > 1) {
    return done(
      fail(`${records.length} records: ${rule.duplicateReason}`, `keep one TXT record at ${rule.name}`),
    );
  }
  const record = records[0] ?? '';
  try {
    return { value: rule.parse(record), record, records };
  } catch (error) {
    return done(syntaxFailure(error, `correct the record at ${rule.name}, e.g. "${rule.example}"`));
  }
}

/** Checks one domain; never throws for anything the domain publishes. */
export async function checkDomain(domain: string, deps: DomainCheckDependencies): Promise<DomainCheckReport> {
  const name = domain.trim().toLowerCase().replace(/\.$/, '');
  const mx = await lookupMx(deps.resolver, name);
  const hosts = mx.kind === 'found' ? mx.records.map((r) => r.exchange) : [];
  const checks = await Promise.all([
    checkMx(name, mx),
    checkSpf(name, deps.resolver),
    checkDmarc(name, deps.resolver),
    checkMtaSts(name, hosts, deps),
    checkTlsRpt(name, deps.resolver),
  ]);
  return { domain: name, status: worst(checks.map((c) => c.status)), checks };
}

function checkMx(domain: string, mx: Lookup<MxAnswer>): RecordCheck {
  const found = mx.kind === 'found' ? mx.records.map((r) => `${r.priority} ${r.exchange}`) : [];
  const failed = dnsFailure(domain, mx);
  if (failed) return result('mx', domain, found, [failed]);
  if (mx.kind !== 'found') {
    return result('mx', domain, found, [
      fail(
        'no MX record: mail for the domain cannot be delivered',
        `publish an MX record at ${domain}, e.g. "10 inbound-smtp.eu-west-2.amazonaws.com" for Amazon SES receiving in London`,
      ),
    ]);
  }
  if (mx.records.some((r) => r.exchange === '' || r.exchange === '.')) {
    return result('mx', domain, found, [
      fail(
        'a null MX (RFC 7505) says the domain accepts no mail',
        `replace the null MX at ${domain} with the receiving servers' MX records`,
      ),
    ]);
  }
  return result('mx', domain, found, [
    pass(`mail is received by ${mx.records.map((r) => r.exchange).join(', ')}`),
  ]);
}

async function checkSpf(domain: string, resolver: DomainResolver): Promise<RecordCheck> {
  const one = await singleRecord(resolver, {
    id: 'spf',
    name: domain,
    isRecord: isSpfRecord,
    parse: parseSpfRecord,
    example: 'v=spf1 include:amazonses.com -all',
    missing: 'no SPF record: anyone can send as the domain without an SPF failure',
    missingFix: `publish a TXT record at ${domain} listing the servers that send its mail and ending -all, e.g. "v=spf1 include:amazonses.com -all" (a domain that sends no mail: "v=spf1 -all")`,
    duplicateReason: 'receivers treat several SPF records as a permanent error (RFC 7208 §4.5)',
  });
  if ('check' in one) return one.check;
  const { records, value: spf } = one;
  const findings: Finding[] = [];
  switch (spf.all ?? (spf.redirect ? 'redirect' : 'none')) {
    case '-':
      findings.push(pass('ends -all: mail from unlisted servers fails SPF'));
      break;
    case '~':
      findings.push(pass('ends ~all: mail from unlisted servers soft-fails SPF, and DMARC decides'));
      break;
    case '?':
      findings.push(
        warn('ends ?all: unlisted servers are neutral, not failed', 'end the SPF record with -all (or ~all)'),
      );
      break;
    case '+':
      findings.push(
        fail('ends +all: every server on the internet passes SPF', 'end the SPF record with -all'),
      );
      break;
    case 'redirect':
      findings.push(pass(`defers to ${spf.redirect}'s SPF record (redirect=)`));
      break;
    default:
      findings.push(
        warn(
          'has no all mechanism: unlisted servers are neutral (RFC 7208 §4.7)',
          'end the SPF record with -all',
        ),
      );
  }
  const lookups = await countSpfLookups(spf, resolver);
  if (lookups > SPF_LOOKUP_LIMIT) {
    findings.push(
      fail(
        `needs ${lookups} DNS lookups, over the limit of ${SPF_LOOKUP_LIMIT}: receivers stop with a permanent error`,
        'replace include: mechanisms with ip4:/ip6: ranges, or drop senders no longer used',
      ),
    );
  }
  return result('spf', domain, records, findings);
}

/** DNS-querying terms, following include: and redirect= (without macros) up to the limit. */
async function countSpfLookups(spf: SpfRecord, resolver: DomainResolver): Promise<number> {
  let count = spf.lookupTerms;
  const queue = [...spf.includes, ...(spf.redirect ? [spf.redirect] : [])];
  const seen = new Set<string>();
  while (queue.length > 0 && count <= SPF_LOOKUP_LIMIT) {
    const target = queue.shift() ?? '';
    if (target.includes('%') || seen.has(target)) continue;
    seen.add(target);
    const txt = await lookupTxt(resolver, target);
    const record = txt.kind === 'found' ? txt.records.find(isSpfRecord) : undefined;
    if (!record) continue;
    try {
      const nested = parseSpfRecord(record);
      count += nested.lookupTerms;
      queue.push(...nested.includes, ...(nested.redirect ? [nested.redirect] : []));
    } catch {
      // A broken included record is its owner's to fix; it adds no further lookups here.
    }
  }
  return count;
}

async function checkDmarc(domain: string, resolver: DomainResolver): Promise<RecordCheck> {
  const name = `_dmarc.${domain}`;
  const one = await singleRecord(resolver, {
    id: 'dmarc',
    name,
    isRecord: isDmarcRecord,
    parse: parseDmarc,
    example: `v=DMARC1; p=reject; rua=mailto:dmarc-reports@${domain}`,
    missing: 'no DMARC record: receivers have no policy for mail that fails SPF and DKIM',
    duplicateReason: 'receivers ignore every DMARC record when there are several (RFC 7489 §6.6.3)',
    whenMissing: () => inheritedDmarc(domain, name, resolver),
  });
  if ('check' in one) return one.check;
  const { records, value: dmarc } = one;
  const findings: Finding[] = [];
  if (dmarc.p === 'reject') findings.push(pass('p=reject: mail failing DMARC is refused'));
  else if (dmarc.p === 'quarantine') {
    findings.push(
      warn(
        'p=quarantine: failing mail goes to spam rather than being refused',
        `set p=reject at ${name} once the aggregate reports show only your own senders`,
      ),
    );
  } else {
    findings.push(
      fail(
        'p=none: mail spoofing the domain is delivered as if it were genuine',
        `set p=quarantine, then p=reject, at ${name} once the aggregate reports show only your own senders`,
      ),
    );
  }
  if (dmarc.p !== 'none' && dmarc.sp === 'none') {
    findings.push(warn('sp=none: subdomains can be spoofed', `remove sp=none (or set sp=reject) at ${name}`));
  }
  if (dmarc.pct < 100) {
    findings.push(
      warn(
        `pct=${dmarc.pct}: the policy applies to only part of the failing mail`,
        `remove pct= (or set pct=100) at ${name}`,
      ),
    );
  }
  if (dmarc.rua.length === 0) {
    findings.push(
      warn(
        'no rua=: nobody receives aggregate reports, so spoofing and broken senders go unseen',
        `add rua=mailto:dmarc-reports@${domain} to the record at ${name}`,
      ),
    );
  } else findings.push(pass(`aggregate reports go to ${dmarc.rua.join(', ')}`));
  return result('dmarc', name, records, findings);
}

/**
 * A subdomain without a record of its own is covered by its organisational domain's record and
 * that record's `sp=` (RFC 7489 §6.6.3): judged by `sp`, with a warning to publish its own.
 */
async function inheritedDmarc(
  domain: string,
  name: string,
  resolver: DomainResolver,
): Promise<RecordCheck | undefined> {
  const found = await getDmarcRecord(domain, resolver).catch(() => false as const);
  if (found === false || !found.isOrgRecord) return undefined;
  let parent: ReturnType<typeof parseDmarc>;
  try {
    parent = parseDmarc(found.rr);
  } catch {
    return undefined;
  }
  const at = `_dmarc.${found.recordDomain}`;
  const own = `publish a record of its own at ${name}: "v=DMARC1; p=reject; rua=mailto:dmarc-reports@${domain}"`;
  const findings: Finding[] = [
    warn(`no record of its own: ${at} applies, with sp=${parent.sp} for subdomains`, own),
  ];
  if (parent.sp === 'none') {
    findings.push(fail('the inherited sp=none lets mail spoofing the domain be delivered as genuine', own));
  } else if (parent.sp === 'quarantine') {
    findings.push(
      warn('the inherited sp=quarantine sends failing mail to spam rather than refusing it', own),
    );
  } else findings.push(pass('the inherited sp=reject refuses mail failing DMARC'));
  return result('dmarc', name, [`${at}: ${found.rr}`], findings);
}

async function checkMtaSts(
  domain: string,
  mxHosts: readonly string[],
  deps: DomainCheckDependencies,
): Promise<RecordCheck> {
  const name = `_mta-sts.${domain}`;
  const url = policyUrl(domain);
  const one = await singleRecord(deps.resolver, {
    id: 'mta-sts',
    name,
    isRecord: isMtaStsRecord,
    parse: parseMtaStsTxt,
    example: 'v=STSv1; id=<1-32 letters or digits, new each time the policy changes>',
    missing: 'no MTA-STS record: a network attacker can strip TLS from mail sent to the domain',
    missingFix: `serve a policy with "mode: enforce" at ${url} and publish a TXT record at ${name}: "v=STSv1; id=<a new id each time the policy changes>"`,
    duplicateReason: 'senders ignore the policy when there are several MTA-STS records (RFC 8461 §3.1)',
  });
  if ('check' in one) return one.check;
  const records = one.records;
  const findings: Finding[] = [pass(`id=${one.value.id}`)];
  const policy = await fetchPolicy(url, deps.fetchPolicy);
  if ('problem' in policy) {
    findings.push(
      fail(
        `the record names a policy, but ${policy.problem}`,
        `serve the policy file at ${url} (HTTPS, valid certificate, text/plain), or remove the record at ${name}`,
      ),
    );
    return result('mta-sts', name, records, findings);
  }
  const found = [
    ...records,
    ...policy.text
      .split(/\r?\n/)
      .filter(Boolean)
      .map((line) => `${url}: ${line}`),
  ];
  let parsed: MtaStsPolicy;
  try {
    parsed = parseMtaStsPolicy(policy.text);
  } catch (error) {
    findings.push(syntaxFailure(error, `correct the policy file at ${url}`));
    return result('mta-sts', name, found, findings);
  }
  if (policy.contentType !== undefined && !/^text\/plain\b/i.test(policy.contentType)) {
    findings.push(
      warn(`the policy is served as ${policy.contentType}`, `serve ${url} as text/plain (RFC 8461 §3.3)`),
    );
  }
  if (parsed.mode === 'enforce')
    findings.push(pass('mode: enforce: senders refuse to deliver without valid TLS to a listed MX'));
  else if (parsed.mode === 'testing') {
    findings.push(
      warn(
        'mode: testing: failures are only reported, never prevented',
        `set "mode: enforce" in ${url} once TLS-RPT reports are clean, and change the id at ${name}`,
      ),
    );
  } else {
    findings.push(
      fail(
        'mode: none: the policy is withdrawn',
        `set "mode: enforce" in ${url} and change the id at ${name}`,
      ),
    );
  }
  const unlisted = mxNotInPolicy(parsed, mxHosts);
  if (parsed.mode !== 'none' && unlisted.length > 0) {
    findings.push(
      fail(
        `the policy does not list the MX host${unlisted.length > 1 ? 's' : ''} ${unlisted.join(', ')}: senders enforcing it will not deliver there`,
        `list every MX host in ${url} ("mx: ${unlisted[0]}"), then change the id at ${name}`,
      ),
    );
  }
  if (parsed.maxAge < MIN_MTA_STS_MAX_AGE) {
    findings.push(
      warn(
        `max_age: ${parsed.maxAge} is under a day`,
        `set max_age to at least ${MIN_MTA_STS_MAX_AGE} (weeks are usual, e.g. 1209600)`,
      ),
    );
  }
  return result('mta-sts', name, found, findings);
}

async function fetchPolicy(
  url: string,
  fetcher: PolicyFetcher,
): Promise<{ text: string; contentType?: string } | { problem: string }> {
  let answer: Awaited<ReturnType<PolicyFetcher>>;
  try {
    answer = await fetcher(url);
  } catch (error) {
    return { problem: `${url} could not be fetched (${describeFetchError(error)})` };
  }
  if (answer.status !== 200) return { problem: `${url} answered HTTP ${answer.status}` };
  if (Buffer.byteLength(answer.body) > MAX_POLICY_BYTES)
    return { problem: `${url} is over ${MAX_POLICY_BYTES} bytes` };
  return { text: answer.body, ...(answer.contentType ? { contentType: answer.contentType } : {}) };
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  return error instanceof Error ? error.message : 'unknown error';
}

async function checkTlsRpt(domain: string, resolver: DomainResolver): Promise<RecordCheck> {
  const name = `_smtp._tls.${domain}`;
  const one = await singleRecord(resolver, {
    id: 'tls-rpt',
    name,
    isRecord: isTlsRptRecord,
    parse: parseTlsRpt,
    example: `v=TLSRPTv1; rua=mailto:tls-reports@${domain}`,
    missing: 'no TLS-RPT record: senders have nowhere to report TLS failures',
    duplicateReason: 'senders ignore every TLS-RPT record when there are several (RFC 8460 §3)',
  });
  if ('check' in one) return one.check;
  return result('tls-rpt', name, one.records, [pass(`TLS reports go to ${one.value.rua.join(', ')}`)]);
}

function syntaxFailure(error: unknown, fix: string): Finding {
  if (error instanceof DomainRecordError) return fail(error.message, fix);
  throw error;
}
