import { describe, expect, it } from 'vitest';
import { StageFailedError } from '../../shared/pipeline/process-inbound-mail.ts';
import { reportFixture, reportMessage } from '../reports/fixtures.ts';
import { pipelineHarness } from './fakes.ts';

const DMARC = 'dmarc-reports@caveat.example.gov.uk';
const TLS = 'tls-reports@caveat.example.gov.uk';

function harness(maxRawBytes?: number) {
  const h = pipelineHarness({
    settings: { reportAddresses: { dmarc: DMARC, tlsRpt: TLS }, ...(maxRawBytes ? { maxRawBytes } : {}) },
  });
  const receiveAt = async (address: string, id: string, raw: Uint8Array) => {
    const key = `inbound/${address}/${id}`;
    h.store.objects.set(key, { body: raw, contentType: 'message/rfc822' });
    return key;
  };
  return { ...h, receiveAt };
}

const gzipDmarc = () =>
  reportMessage({
    to: DMARC,
    filename: 'example-provider.net!caveat.example.gov.uk!1795305600!1795391999.xml.gz',
    contentType: 'application/gzip',
    content: reportFixture('dmarc-aggregate.xml.gz'),
  });

describe('Pipeline: reports at the reporting addresses', () => {
  it('parses a DMARC report instead of classifying it, records it and keeps the raw message under reports/', async () => {
    const h = harness();
    const raw = await gzipDmarc();
    const key = await h.receiveAt(DMARC, 'report-1', raw);
    const outcome = await h.process(key);
    expect(outcome).toEqual({
      status: 'report',
      messageId: 'report-1',
      kind: 'dmarc',
      result: 'parsed',
      failures: 40,
      audit: 'recorded',
    });
    expect(h.audit.entries.map((e) => e.stage)).toEqual(['report']);
    const [entry] = h.audit.entries;
    expect(entry).toMatchObject({
      seq: `${DMARC}#1#report`,
      mailbox: DMARC,
      rawBytes: raw.byteLength,
      outcome: { keptAs: `reports/${DMARC}/report-1` },
      report: {
        kind: 'dmarc',
        status: 'parsed',
        compression: 'gzip',
        reporter: 'mail.example-provider.net',
        domain: 'caveat.example.gov.uk',
        messages: 457,
        failingMessages: 40,
      },
    });
    expect(entry?.report?.failingSources.map((s) => s.sourceIp)).toEqual([
      '203.0.113.77',
      '2001:db8:1f70::25',
    ]);
    expect(entry?.classification).toBeUndefined();
    expect(h.store.objects.has(key)).toBe(false);
    expect(h.store.objects.get(`reports/${DMARC}/report-1`)?.body).toEqual(raw);
    expect(h.mailer.sent).toEqual([]);
  });

  it('parses a TLS report at the TLS-RPT address', async () => {
    const h = harness();
    const raw = await reportMessage({
      to: TLS,
      filename: 'example-provider.net!caveat.example.gov.uk!1795305600!1795391999.json.gz',
      contentType: 'application/tlsrpt+gzip',
      content: reportFixture('tls-report.json.gz'),
    });
    const outcome = await h.process(await h.receiveAt(TLS, 'tls-1', raw));
    expect(outcome).toMatchObject({ status: 'report', kind: 'tls-rpt', result: 'parsed', failures: 14 });
    expect(h.audit.entries[0]?.report).toMatchObject({ successfulSessions: 1287, failedSessions: 14 });
  });

  it('records a malformed report with its error, keeps it, and does not throw', async () => {
    const h = harness();
    const raw = await reportMessage({
      to: DMARC,
      filename: 'report.xml',
      contentType: 'text/xml',
      content: reportFixture('dmarc-bad-ip.xml'),
    });
    const outcome = await h.process(await h.receiveAt(DMARC, 'bad-1', raw));
    expect(outcome).toMatchObject({ status: 'report', result: 'malformed', failures: 0 });
    expect(h.audit.entries[0]?.report).toEqual({
      kind: 'dmarc',
      status: 'malformed',
      error: 'DMARC report: feedback.record.1.row.source_ip: is not an IP address',
      failingSources: [],
      failingSourcesOmitted: 0,
    });
    expect(h.store.objects.has(`reports/${DMARC}/bad-1`)).toBe(true);
  });

  it('records a report too large to read as malformed, unread', async () => {
    const h = harness(1024);
    const raw = await gzipDmarc();
    const outcome = await h.process(await h.receiveAt(DMARC, 'big-1', raw));
    expect(outcome).toMatchObject({ status: 'report', result: 'malformed' });
    expect(h.store.reads).toBe(0);
    expect(h.audit.entries[0]?.report?.error).toBe(
      `message is ${raw.byteLength} bytes, over the 1024-byte limit; it was not read`,
    );
  });

  it('answers a redelivery of a finished report as already processed', async () => {
    const h = harness();
    const key = await h.receiveAt(DMARC, 'report-2', await gzipDmarc());
    await h.process(key);
    await expect(h.process(key)).resolves.toEqual({ status: 'already-processed', messageId: 'report-2' });
    expect(h.audit.entries).toHaveLength(1);
  });

  it('records a store failure, leaves the message in place and throws for a retry', async () => {
    const h = harness();
    const key = await h.receiveAt(DMARC, 'report-3', await gzipDmarc());
    h.store.failNext.move = Object.assign(new Error('SlowDown'), { name: 'SlowDown' });
    await expect(h.process(key)).rejects.toMatchObject({
      name: 'StageFailedError',
      stage: 'report-finish',
      code: 'SlowDown',
    });
    expect(h.store.objects.has(key)).toBe(true);
    expect(h.audit.entries.map((e) => e.stage)).toEqual(['report', 'error']);
    // The retry finds the report entry already there and finishes the move.
    await expect(h.process(key)).resolves.toMatchObject({ status: 'report', audit: 'duplicate' });
    expect(h.store.objects.has(key)).toBe(false);
  });

  it('still classifies mail to the shared mailboxes, and leaves reports unrouted when no address is set', async () => {
    const h = pipelineHarness();
    const raw = await gzipDmarc();
    const key = `inbound/${DMARC}/report-4`;
    h.store.objects.set(key, { body: raw, contentType: 'message/rfc822' });
    await expect(h.process(key)).rejects.toBeInstanceOf(StageFailedError);
    expect(h.audit.entries[0]?.error?.code).toBe('UnroutableMailError');
  });
});
