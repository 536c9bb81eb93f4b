/**
 * What the audit log keeps of a report: who sent it, the period, totals, and the failing sources
 * (DMARC: sending IPs whose mail failed DMARC; TLS-RPT: failure types with the sending MTA and MX).
 * The reporters are mail operators and the sources mail servers; nothing is taken from messages.
 */
import type { DmarcAggregateReport } from './dmarc-aggregate.ts';
import type { TlsReport } from './tls-report.ts';
import type { ReportCompression } from './unpack.ts';

export type ReportKind = 'dmarc' | 'tls-rpt';

/** Failing sources kept per report, largest first; DynamoDB items stop at 400 KB. */
export const MAX_FAILING_SOURCES = 20;

export interface FailingSource {
  /** The sending server's IP, when the report names it. */
  readonly sourceIp?: string;
  /** Messages (DMARC) or sessions (TLS-RPT) that failed. */
  readonly count: number;
  /** DMARC: `disposition=reject dkim=fail spf=fail from=<domain>`; TLS-RPT: `<result-type> mx=<host>`. */
  readonly detail: string;
}

export interface ReportSummary {
  readonly kind: ReportKind;
  readonly status: 'parsed' | 'malformed';
  /** Why a malformed report could not be read. */
  readonly error?: string;
  readonly compression?: ReportCompression;
  readonly reporter?: string;
  readonly reportId?: string;
  readonly begin?: string;
  readonly end?: string;
  /** The domain the report is about. */
  readonly domain?: string;
  /** DMARC: the policy the reporter saw published (`p=`). */
  readonly publishedPolicy?: string;
  /** DMARC: messages reported, and those failing DMARC (neither DKIM nor SPF aligned and passing). */
  readonly messages?: number;
  readonly failingMessages?: number;
  /** TLS-RPT: sessions that negotiated TLS under the policy, and those that failed. */
  readonly successfulSessions?: number;
  readonly failedSessions?: number;
  readonly failingSources: readonly FailingSource[];
  /** Failing sources left out beyond {@link MAX_FAILING_SOURCES}. */
  readonly failingSourcesOmitted: number;
}

function topSources(
  sources: FailingSource[],
): Pick<ReportSummary, 'failingSources' | 'failingSourcesOmitted'> {
  const sorted = sources.sort((a, b) => b.count - a.count);
  return {
    failingSources: sorted.slice(0, MAX_FAILING_SOURCES),
    failingSourcesOmitted: Math.max(0, sorted.length - MAX_FAILING_SOURCES),
  };
}

/** What every parsed report's summary starts with. */
function parsedHeader(
  report: { kind: ReportKind; reporter: string; reportId: string; begin: string; end: string },
  compression: ReportCompression,
) {
  const { kind, reporter, reportId, begin, end } = report;
  return { kind, status: 'parsed' as const, compression, reporter, reportId, begin, end };
}

export function summariseDmarc(report: DmarcAggregateReport, compression: ReportCompression): ReportSummary {
  const failing = report.rows.filter((row) => row.dkim === 'fail' && row.spf === 'fail');
  return {
    ...parsedHeader(report, compression),
    domain: report.policy.domain,
    publishedPolicy: report.policy.p,
    messages: report.rows.reduce((sum, row) => sum + row.count, 0),
    failingMessages: failing.reduce((sum, row) => sum + row.count, 0),
    ...topSources(
      failing.map((row) => ({
        sourceIp: row.sourceIp,
        count: row.count,
        detail: `disposition=${row.disposition} dkim=${row.dkim} spf=${row.spf} from=${row.headerFrom}`,
      })),
    ),
  };
}

export function summariseTls(report: TlsReport, compression: ReportCompression): ReportSummary {
  const domains = [...new Set(report.policies.map((p) => p.policyDomain))];
  return {
    ...parsedHeader(report, compression),
    domain: domains.join(','),
    successfulSessions: report.policies.reduce((sum, p) => sum + p.successfulSessions, 0),
    failedSessions: report.policies.reduce((sum, p) => sum + p.failedSessions, 0),
    ...topSources(
      report.policies.flatMap((p) =>
        p.failures.map((f) => ({
          ...(f.sendingMtaIp ? { sourceIp: f.sendingMtaIp } : {}),
          count: f.failedSessions,
          detail: `${f.resultType} policy=${p.policyType}${f.receivingMxHostname ? ` mx=${f.receivingMxHostname}` : ''}`,
        })),
      ),
    ),
  };
}

/** The summary of a report that could not be read. */
export function malformedSummary(kind: ReportKind, error: string): ReportSummary {
  return { kind, status: 'malformed', error, failingSources: [], failingSourcesOmitted: 0 };
}
