/**
 * The DNS records a Caveat receiving domain publishes to meet the government email standard:
 * MX to SES inbound, SPF, DMARC with aggregate reports to Caveat, TLS-RPT with reports to Caveat,
 * and MTA-STS (the policy file and the `_mta-sts` record whose id follows the policy's text).
 * Pure: the CDK construct creates these records, and `caveat domain records` prints them when
 * the zone is managed elsewhere.
 */
import type { DmarcPolicy } from './dmarc-record.ts';
import { type MtaStsMode, mtaStsPolicyId, renderMtaStsPolicy } from './mta-sts.ts';

export interface ReceivingDomainSettings {
  /** The receiving domain, e.g. `caveat.example.gov.uk`. */
  readonly domain: string;
  /** AWS region whose SES inbound endpoint receives the mail. */
  readonly region: string;
  readonly dmarcPolicy: DmarcPolicy;
  /** Caveat's own address for DMARC aggregate reports. */
  readonly dmarcReportAddress: string;
  /** Further aggregate report recipients (e.g. NCSC Mail Check). */
  readonly additionalDmarcRua: readonly string[];
  /** Caveat's own address for TLS-RPT reports. */
  readonly tlsReportAddress: string;
  readonly additionalTlsRptRua: readonly string[];
  /** Domains whose SPF records are included (senders of the domain's mail). */
  readonly spfIncludes: readonly string[];
  readonly mtaStsMode: Exclude<MtaStsMode, 'none'>;
  readonly mtaStsMaxAgeSeconds: number;
}

export type RecordPurpose = 'mx' | 'spf' | 'dmarc' | 'tls-rpt' | 'mta-sts';

export interface DnsRecord {
  readonly purpose: RecordPurpose;
  /** Fully qualified name, no trailing dot. */
  readonly name: string;
  readonly type: 'MX' | 'TXT';
  /** MX values as `<priority> <host>`; TXT values as one string each. */
  readonly values: readonly string[];
}

export interface ReceivingDomainRecords {
  readonly records: readonly DnsRecord[];
  /** Host that serves the MTA-STS policy over HTTPS. */
  readonly mtaStsHost: string;
  /** The policy file's text, served at `https://<mtaStsHost>/.well-known/mta-sts.txt`. */
  readonly mtaStsPolicy: string;
  readonly mtaStsPolicyId: string;
}

/** SES's inbound SMTP endpoint for a region (AWS General Reference, "Email Receiving endpoints"). */
export function sesInboundHost(region: string): string {
  return `inbound-smtp.${region}.amazonaws.com`;
}

const mailto = (addresses: readonly string[]) => addresses.map((a) => `mailto:${a}`).join(',');

export function receivingDomainRecords(settings: ReceivingDomainSettings): ReceivingDomainRecords {
  const { domain } = settings;
  const inbound = sesInboundHost(settings.region);
  const mtaStsPolicy = renderMtaStsPolicy({
    mode: settings.mtaStsMode,
    mx: [inbound],
    maxAgeSeconds: settings.mtaStsMaxAgeSeconds,
  });
  const id = mtaStsPolicyId(mtaStsPolicy);
  const spf = ['v=spf1', ...settings.spfIncludes.map((d) => `include:${d}`), '-all'].join(' ');
  return {
    records: [
      { purpose: 'mx', name: domain, type: 'MX', values: [`10 ${inbound}`] },
      { purpose: 'spf', name: domain, type: 'TXT', values: [spf] },
      {
        purpose: 'dmarc',
        name: `_dmarc.${domain}`,
        type: 'TXT',
        values: [
          `v=DMARC1; p=${settings.dmarcPolicy}; rua=${mailto([settings.dmarcReportAddress, ...settings.additionalDmarcRua])}`,
        ],
      },
      {
        purpose: 'tls-rpt',
        name: `_smtp._tls.${domain}`,
        type: 'TXT',
        values: [`v=TLSRPTv1; rua=${mailto([settings.tlsReportAddress, ...settings.additionalTlsRptRua])}`],
      },
      { purpose: 'mta-sts', name: `_mta-sts.${domain}`, type: 'TXT', values: [`v=STSv1; id=${id}`] },
    ],
    mtaStsHost: `mta-sts.${domain}`,
    mtaStsPolicy,
    mtaStsPolicyId: id,
  };
}

/** `TXT _dmarc.example.gov.uk "v=DMARC1; …"`, as a zone editor needs it. */
export function describeRecord(record: DnsRecord): string {
  const values = record.type === 'TXT' ? record.values.map((v) => JSON.stringify(v)) : record.values;
  return `${record.type} ${record.name} ${values.join(' ')}`;
}
