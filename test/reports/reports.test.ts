import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parseDmarcAggregate } from '../../shared/reports/dmarc-aggregate.ts';
import { readReportMail } from '../../shared/reports/read-report-mail.ts';
import { MalformedReportError } from '../../shared/reports/report-error.ts';
import { MAX_FAILING_SOURCES, summariseDmarc } from '../../shared/reports/report-summary.ts';
import { parseTlsReport } from '../../shared/reports/tls-report.ts';
import { unpackReport } from '../../shared/reports/unpack.ts';
import { reportFixture, reportMessage } from './fixtures.ts';

const text = (name: string) => new TextDecoder().decode(reportFixture(name));
const DMARC_TO = 'dmarc-reports@caveat.example.gov.uk';
const TLS_TO = 'tls-reports@caveat.example.gov.uk';

describe('DMARC aggregate report', () => {
  it('reads the metadata, the published policy and every row', () => {
    const report = parseDmarcAggregate(text('dmarc-aggregate.xml'));
    expect(report).toMatchObject({
      kind: 'dmarc',
      reporter: 'mail.example-provider.net',
      reportId: '17f3a2c9e0b54d1a.2026-11-22',
      begin: '2026-11-22T00:00:00.000Z',
      end: '2026-11-22T23:59:59.000Z',
      policy: { domain: 'caveat.example.gov.uk', p: 'reject', pct: 100 },
    });
    expect(report.rows.map((r) => `${r.sourceIp} ${r.count} ${r.disposition} ${r.dkim}/${r.spf}`)).toEqual([
      '54.240.27.18 412 none pass/pass',
      '203.0.113.77 37 reject fail/fail',
      '2001:db8:1f70::25 3 reject fail/fail',
      '198.51.100.9 5 none pass/fail',
    ]);
  });

  it('reads a report of one record (with the DMARC 2.0 namespace)', () => {
    const report = parseDmarcAggregate(text('dmarc-single-record.xml'));
    expect(report.rows).toHaveLength(1);
    expect(report.reportId).toBe('caveat.example.gov.uk!1795392000!1795478399!0042');
  });

  it('summarises failing sources, largest first, without the passing ones', () => {
    const summary = summariseDmarc(parseDmarcAggregate(text('dmarc-aggregate.xml')), 'none');
    expect(summary).toMatchObject({
      messages: 457,
      failingMessages: 40,
      publishedPolicy: 'reject',
      failingSourcesOmitted: 0,
    });
    expect(summary.failingSources).toEqual([
      {
        sourceIp: '203.0.113.77',
        count: 37,
        detail: 'disposition=reject dkim=fail spf=fail from=caveat.example.gov.uk',
      },
      {
        sourceIp: '2001:db8:1f70::25',
        count: 3,
        detail: 'disposition=reject dkim=fail spf=fail from=caveat.example.gov.uk',
      },
    ]);
  });

  it(`keeps at most ${MAX_FAILING_SOURCES} failing sources and counts the rest`, () => {
    const base = parseDmarcAggregate(text('dmarc-aggregate.xml'));
    const rows = Array.from({ length: 30 }, (_, i) => ({
      ...base.rows[1]!,
      sourceIp: `192.0.2.${i}`,
      count: i + 1,
    }));
    const summary = summariseDmarc({ ...base, rows }, 'none');
    expect(summary.failingSources).toHaveLength(MAX_FAILING_SOURCES);
    expect(summary.failingSources[0]?.count).toBe(30);
    expect(summary.failingSourcesOmitted).toBe(10);
  });

  it.each([
    ['dmarc-truncated.xml', /^DMARC report: XML is not well-formed at line \d+, column \d+/],
    ['dmarc-no-policy.xml', /^DMARC report: feedback\.policy_published: /],
    ['dmarc-bad-ip.xml', /^DMARC report: feedback\.record\.1\.row\.source_ip: is not an IP address$/],
    ['dmarc-doctype.xml', /^DMARC report: a DOCTYPE is not allowed$/],
  ])('rejects %s with a clear error', (name, message) => {
    expect(() => parseDmarcAggregate(text(name))).toThrow(MalformedReportError);
    expect(() => parseDmarcAggregate(text(name))).toThrow(message);
  });
});

describe('TLS report', () => {
  it('reads policies, sessions and failure details', () => {
    const report = parseTlsReport(text('tls-report.json'));
    expect(report).toMatchObject({
      kind: 'tls-rpt',
      reporter: 'Example Provider Mail',
      begin: '2026-11-22T00:00:00.000Z',
    });
    expect(report.policies).toEqual([
      {
        policyType: 'sts',
        policyDomain: 'caveat.example.gov.uk',
        successfulSessions: 1287,
        failedSessions: 14,
        failures: [
          {
            resultType: 'validation-failure',
            sendingMtaIp: '192.0.2.41',
            receivingMxHostname: 'inbound-smtp.eu-west-2.amazonaws.com',
            failedSessions: 11,
          },
          { resultType: 'sts-policy-fetch-error', sendingMtaIp: '2001:db8:42::7', failedSessions: 3 },
        ],
      },
    ]);
  });

  it('reads a report without failure details', () => {
    expect(parseTlsReport(text('tls-report-clean.json')).policies[0]?.failures).toEqual([]);
  });

  it.each([
    ['tls-report-not-json.json', /^TLS report: not valid JSON/],
    [
      'tls-report-missing-summary.json',
      /^TLS report: date-range\.start-datetime: .*; policies\.0\.summary: /,
    ],
  ])('rejects %s with a clear error', (name, message) => {
    expect(() => parseTlsReport(text(name))).toThrow(MalformedReportError);
    expect(() => parseTlsReport(text(name))).toThrow(message);
  });
});

describe('unpackReport', () => {
  const xml = reportFixture('dmarc-aggregate.xml');

  it.each([
    ['dmarc-aggregate.xml', 'none'],
    ['dmarc-aggregate.xml.gz', 'gzip'],
    ['dmarc-aggregate.zip', 'zip'],
  ])('recognises %s by its bytes', async (name, compression) => {
    const unpacked = await unpackReport(reportFixture(name));
    expect(unpacked.compression).toBe(compression);
    expect(Buffer.from(unpacked.bytes).equals(Buffer.from(xml))).toBe(true);
  });

  it('stops a gzip bomb at the cap', async () => {
    const bomb = gzipSync(Buffer.alloc(5 * 1024 * 1024));
    await expect(unpackReport(bomb, 1024 * 1024)).rejects.toThrow(
      'gzip report expands past the 1048576-byte limit',
    );
  });

  it('stops a zip bomb at the cap', async () => {
    const bomb = zipSync({ 'report.xml': new Uint8Array(5 * 1024 * 1024) });
    await expect(unpackReport(bomb, 1024 * 1024)).rejects.toThrow(
      /zip report's file is 5242880 bytes, over the 1048576-byte limit/,
    );
  });

  it.each([
    ['corrupt.xml.gz', /^gzip report is corrupt/],
    ['two-files.zip', 'zip report holds 2 files; a report holds exactly one'],
  ])('rejects %s', async (name, message) => {
    await expect(unpackReport(reportFixture(name))).rejects.toThrow(message);
  });
});

describe('readReportMail', () => {
  it.each([
    ['dmarc-aggregate.xml', 'text/xml', 'none'],
    ['dmarc-aggregate.xml.gz', 'application/gzip', 'gzip'],
    ['dmarc-aggregate.zip', 'application/zip', 'zip'],
  ])('reads a DMARC report attached as %s', async (name, contentType, compression) => {
    const raw = await reportMessage({
      to: DMARC_TO,
      filename: `example-provider.net!caveat.example.gov.uk!${name}`,
      contentType,
      content: reportFixture(name),
    });
    const summary = await readReportMail(raw, 'dmarc');
    expect(summary).toMatchObject({ kind: 'dmarc', status: 'parsed', compression, failingMessages: 40 });
  });

  it.each([
    ['tls-report.json', 'application/tlsrpt+json', 'none'],
    ['tls-report.json.gz', 'application/tlsrpt+gzip', 'gzip'],
  ])('reads a TLS report attached as %s', async (name, contentType, compression) => {
    const raw = await reportMessage({
      to: TLS_TO,
      filename: name,
      contentType,
      content: reportFixture(name),
    });
    const summary = await readReportMail(raw, 'tls-rpt');
    expect(summary).toMatchObject({
      kind: 'tls-rpt',
      compression,
      successfulSessions: 1287,
      failedSessions: 14,
    });
    expect(summary.failingSources[0]).toEqual({
      sourceIp: '192.0.2.41',
      count: 11,
      detail: 'validation-failure policy=sts mx=inbound-smtp.eu-west-2.amazonaws.com',
    });
  });

  it('says when no report is attached', async () => {
    const raw = await reportMessage({
      to: DMARC_TO,
      filename: 'notes.pdf',
      contentType: 'application/pdf',
      content: new Uint8Array([37, 80, 68, 70]),
    });
    await expect(readReportMail(raw, 'dmarc')).rejects.toThrow(
      "no DMARC aggregate report attached (1 attachment, none of a report's types)",
    );
  });

  it("passes on the parser's error for a malformed attachment", async () => {
    const raw = await reportMessage({
      to: DMARC_TO,
      filename: 'r.xml.gz',
      contentType: 'application/gzip',
      content: reportFixture('corrupt.xml.gz'),
    });
    await expect(readReportMail(raw, 'dmarc')).rejects.toThrow(/^gzip report is corrupt/);
  });
});
