import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../../functions/ingest/handler.ts';
import { pipelineHarness } from '../../pipeline/fakes.ts';
import { reportFixture, reportMessage } from '../../reports/fixtures.ts';
import { MemoryIdempotencyStore } from '../memory-idempotency-store.ts';
import { captureOutput, context, notification, sqsEvent } from './lambda-events.ts';

const BUCKET = 'caveat-mail';
const DMARC = 'dmarc-reports@caveat.example.gov.uk';
const TLS = 'tls-reports@caveat.example.gov.uk';

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** The EMF documents the handler printed. */
function emf(text: string): Record<string, unknown>[] {
  return text
    .split('\n')
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('ingest handler: reports', () => {
  it('counts reports by kind and result, and their failures, in metrics of their own', async () => {
    const pipeline = pipelineHarness({ settings: { reportAddresses: { dmarc: DMARC, tlsRpt: TLS } } });
    const handler = createIngestHandler({
      process: pipeline.process,
      release: pipeline.release,
      mailBucket: BUCKET,
      persistenceStore: new MemoryIdempotencyStore(),
      logger: new Logger({ serviceName: 'caveat-ingest' }),
      metrics: new Metrics({ namespace: 'Caveat', serviceName: 'caveat-ingest' }),
    });
    const put = async (address: string, id: string, raw: Uint8Array) => {
      const key = `inbound/${address}/${id}`;
      pipeline.store.objects.set(key, { body: raw, contentType: 'message/rfc822' });
      return notification(key, BUCKET);
    };
    const dmarc = await reportMessage({
      to: DMARC,
      filename: 'r.xml.gz',
      contentType: 'application/gzip',
      content: reportFixture('dmarc-aggregate.xml.gz'),
    });
    const tls = await reportMessage({
      to: TLS,
      filename: 'r.json',
      contentType: 'application/tlsrpt+json',
      content: reportFixture('tls-report-not-json.json'),
    });
    await expect(
      handler(sqsEvent(await put(DMARC, 'r-1', dmarc), await put(TLS, 'r-2', tls)), context),
    ).resolves.toEqual({ batchItemFailures: [] });

    const docs = emf(output.text());
    const metric = (name: string) =>
      docs.filter((d) => name in d).map((d) => ({ value: d[name], report: d.report, result: d.result }));
    expect(metric('ReportsReceived')).toEqual([
      { value: 1, report: 'dmarc', result: 'parsed' },
      { value: 1, report: 'tls-rpt', result: 'malformed' },
    ]);
    expect(metric('DmarcFailingMessages')).toEqual([{ value: 40, report: 'dmarc', result: undefined }]);
    expect(metric('TlsFailedSessions')).toEqual([{ value: 0, report: 'tls-rpt', result: undefined }]);
    expect(output.text()).toContain('"report":"dmarc","result":"parsed","failures":40');
    expect(metric('MessagesProcessed')).toEqual([]);
  });
});
