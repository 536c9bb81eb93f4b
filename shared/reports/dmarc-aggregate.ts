/**
 * DMARC aggregate reports (RFC 7489 §7.2 and Appendix C): the XML feedback a receiver sends to
 * the domain's `rua` address, read with fast-xml-parser and checked field by field.
 */
import { isIP } from 'node:net';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import * as z from 'zod/mini';
import '../validation/english-messages.ts';
import { MalformedReportError } from './report-error.ts';
import { parseWith } from './schema-errors.ts';

export interface DmarcReportRow {
  readonly sourceIp: string;
  readonly count: number;
  /** What the receiver did: none, quarantine or reject. */
  readonly disposition: 'none' | 'quarantine' | 'reject';
  /** DMARC-aligned DKIM and SPF results, as the receiver evaluated them. */
  readonly dkim: 'pass' | 'fail';
  readonly spf: 'pass' | 'fail';
  readonly headerFrom: string;
}

export interface DmarcAggregateReport {
  readonly kind: 'dmarc';
  readonly reporter: string;
  readonly reportId: string;
  /** ISO-8601 start and end of the period reported. */
  readonly begin: string;
  readonly end: string;
  readonly policy: { readonly domain: string; readonly p: string; readonly pct?: number };
  readonly rows: readonly DmarcReportRow[];
}

const text = z.pipe(
  z.pipe(z.union([z.string(), z.number()]), z.transform(String)),
  z.string().check(z.trim(), z.minLength(1)),
);
/** A whole number, written as a number or as digits. */
const wholeNumber = z.coerce.number().check(z.int(), z.nonnegative());
/** Trimmed and lower-cased, then one of `values`. */
const lowerCaseOneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.pipe(z.string().check(z.trim(), z.toLowerCase()), z.enum(values));
const result = lowerCaseOneOf(['pass', 'fail']);

const schema = z.object({
  feedback: z.object({
    report_metadata: z.object({
      org_name: text,
      report_id: text,
      date_range: z.object({ begin: wholeNumber, end: wholeNumber }),
    }),
    policy_published: z.object({
      domain: text,
      p: lowerCaseOneOf(['none', 'quarantine', 'reject']),
      pct: z.optional(z.coerce.number().check(z.int(), z.gte(0), z.lte(100))),
    }),
    record: z
      .array(
        z.object({
          row: z.object({
            source_ip: text.check(z.refine((ip: string) => isIP(ip) !== 0, 'is not an IP address')),
            count: wholeNumber,
            policy_evaluated: z.object({
              disposition: lowerCaseOneOf(['none', 'quarantine', 'reject']),
              dkim: result,
              spf: result,
            }),
          }),
          identifiers: z.object({ header_from: text }),
        }),
      )
      .check(z.minLength(1, 'a report holds at least one record')),
  }),
});

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  processEntities: true,
  isArray: (_name, path) => path === 'feedback.record',
});

export function parseDmarcAggregate(xml: string): DmarcAggregateReport {
  // Aggregate reports have no DTD; refusing one rules out entity expansion attacks.
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new MalformedReportError('DMARC report: a DOCTYPE is not allowed');
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new MalformedReportError(
      `DMARC report: XML is not well-formed at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`,
    );
  }
  const { feedback } = parseWith('DMARC report', schema, parser.parse(xml));
  const meta = feedback.report_metadata;
  if (meta.date_range.end < meta.date_range.begin) {
    throw new MalformedReportError('DMARC report: feedback.report_metadata.date_range ends before it begins');
  }
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return {
    kind: 'dmarc',
    reporter: meta.org_name,
    reportId: meta.report_id,
    begin: iso(meta.date_range.begin),
    end: iso(meta.date_range.end),
    policy: {
      domain: feedback.policy_published.domain.toLowerCase(),
      p: feedback.policy_published.p,
      ...(feedback.policy_published.pct !== undefined ? { pct: feedback.policy_published.pct } : {}),
    },
    rows: feedback.record.map((record) => ({
      sourceIp: record.row.source_ip,
      count: record.row.count,
      disposition: record.row.policy_evaluated.disposition,
      dkim: record.row.policy_evaluated.dkim,
      spf: record.row.policy_evaluated.spf,
      headerFrom: record.identifiers.header_from.toLowerCase(),
    })),
  };
}
