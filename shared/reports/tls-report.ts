/** SMTP TLS reports (RFC 8460 §4): the JSON a sender posts to the domain's TLS-RPT `rua`. */
import { isIP } from 'node:net';
import * as z from 'zod/mini';
import '../validation/english-messages.ts';
import { MalformedReportError } from './report-error.ts';
import { parseWith } from './schema-errors.ts';

export interface TlsFailure {
  /** RFC 8460 §4.3 result type, e.g. `certificate-expired`, `sts-policy-fetch-error`. */
  readonly resultType: string;
  readonly sendingMtaIp?: string;
  readonly receivingMxHostname?: string;
  readonly failedSessions: number;
}

export interface TlsPolicyResult {
  /** `sts`, `tlsa` or `no-policy-found`. */
  readonly policyType: string;
  readonly policyDomain: string;
  readonly successfulSessions: number;
  readonly failedSessions: number;
  readonly failures: readonly TlsFailure[];
}

export interface TlsReport {
  readonly kind: 'tls-rpt';
  readonly reporter: string;
  readonly reportId: string;
  readonly begin: string;
  readonly end: string;
  readonly policies: readonly TlsPolicyResult[];
}

const count = z.number().check(z.int(), z.nonnegative());
const trimmedText = z.string().check(z.trim(), z.minLength(1));
const schema = z.object({
  'organization-name': trimmedText,
  'report-id': trimmedText,
  'date-range': z.object({ 'start-datetime': z.iso.datetime(), 'end-datetime': z.iso.datetime() }),
  policies: z
    .array(
      z.object({
        policy: z.object({
          'policy-type': z.enum(['sts', 'tlsa', 'no-policy-found']),
          'policy-domain': trimmedText,
        }),
        summary: z.object({
          'total-successful-session-count': count,
          'total-failure-session-count': count,
        }),
        'failure-details': z._default(
          z.array(
            z.object({
              'result-type': trimmedText,
              'sending-mta-ip': z.optional(
                z.string().check(z.refine((ip: string) => isIP(ip) !== 0, 'is not an IP address')),
              ),
              'receiving-mx-hostname': z.optional(z.string()),
              'failed-session-count': count,
            }),
          ),
          [],
        ),
      }),
    )
    .check(z.minLength(1, 'a report holds at least one policy')),
});

export function parseTlsReport(json: string): TlsReport {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new MalformedReportError(`TLS report: not valid JSON (${(error as Error).message})`, {
      cause: error,
    });
  }
  const report = parseWith('TLS report', schema, value);
  return {
    kind: 'tls-rpt',
    reporter: report['organization-name'],
    reportId: report['report-id'],
    begin: new Date(report['date-range']['start-datetime']).toISOString(),
    end: new Date(report['date-range']['end-datetime']).toISOString(),
    policies: report.policies.map((p) => ({
      policyType: p.policy['policy-type'],
      policyDomain: p.policy['policy-domain'].toLowerCase(),
      successfulSessions: p.summary['total-successful-session-count'],
      failedSessions: p.summary['total-failure-session-count'],
      failures: p['failure-details'].map((f) => ({
        resultType: f['result-type'],
        ...(f['sending-mta-ip'] ? { sendingMtaIp: f['sending-mta-ip'] } : {}),
        ...(f['receiving-mx-hostname']
          ? { receivingMxHostname: f['receiving-mx-hostname'].toLowerCase() }
          : {}),
        failedSessions: f['failed-session-count'],
      })),
    })),
  };
}
