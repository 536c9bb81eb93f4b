import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../../functions/ingest/handler.ts';
import { releaseRequestBody } from '../../../shared/confirm/release-request.ts';
import { citizenMail, NINO_AND_DOB } from '../../confirm/citizen-mail.ts';
import { MAILBOX, MemoryContactRegister, pipelineHarness } from '../../pipeline/fakes.ts';
import { MemoryIdempotencyStore } from '../memory-idempotency-store.ts';
import { captureOutput, context, sqsEvent } from './lambda-events.ts';

const JO = {
  citizenReference: 'CR-000418',
  email: 'jo.bloggs@example-mail.co.uk',
  registerVersion: 'reg-v7',
};
const HOLD_KEY = `${MAILBOX}/m-held`;

/** The ingest handler over a pipeline holding one citizen message, and the page's confirmation of it. */
async function harness() {
  const pipeline = pipelineHarness({ directory: new MemoryContactRegister([JO]) });
  const release = vi.fn(pipeline.release);
  const failures: Record<string, string>[] = [];
  const handler = createIngestHandler({
    process: pipeline.process,
    release,
    mailBucket: 'caveat-mail',
    persistenceStore: new MemoryIdempotencyStore(),
    logger: new Logger({ serviceName: 'caveat-ingest' }),
    metrics: new Metrics({ namespace: 'Caveat', serviceName: 'caveat-ingest' }),
    onRecordFailed: (_id, error) => failures.push(error),
  });
  const key = pipeline.receive('m-held', citizenMail({ body: `Re CR-000418. ${NINO_AND_DOB}` }));
  await pipeline.process(key);
  const confirm = () => pipeline.holds.decide(HOLD_KEY, 'confirmed', '2026-11-24T10:00:00.000Z');
  return { ...pipeline, key, release, handler, failures, confirm };
}

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('ingest handler: release requests', () => {
  it('releases a confirmed hold, once for duplicate requests', async () => {
    const h = await harness();
    await h.confirm();
    const body = releaseRequestBody(HOLD_KEY);
    await expect(h.handler(sqsEvent(body, body), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(h.release).toHaveBeenCalledTimes(1);
    expect(h.release).toHaveBeenCalledWith(HOLD_KEY);
    expect(h.audit.entries.filter((e) => e.stage === 'released')).toHaveLength(1);
    expect(h.store.objects.has(h.key)).toBe(false);
    expect(output.text()).toContain('"message":"message released"');
    expect(output.text()).toContain('MessagesReleased');
  });

  it('is not mistaken for the receipt of the same message, which was processed before', async () => {
    const h = await harness();
    await h.confirm();
    await h.handler(sqsEvent(releaseRequestBody(HOLD_KEY)), context);
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'released', action: 'protect' });
  });

  it('fails a request for a hold nobody confirmed, which is retried and then dead-lettered', async () => {
    const h = await harness();
    const event = sqsEvent(releaseRequestBody(HOLD_KEY));
    await expect(h.handler(event, context)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }],
    });
    expect(h.failures).toEqual([{ name: 'ReleaseRefusedError' }]);
    expect(h.store.objects.has(h.key)).toBe(true);

    // Confirmed since: the retry releases it.
    await h.confirm();
    await expect(h.handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
    expect(h.store.objects.has(h.key)).toBe(false);
  });

  it('fails a release request naming no hold key the pipeline writes, and that record only', async () => {
    const h = await harness();
    await h.confirm();
    const forged = JSON.stringify({ kind: 'caveat.release-hold', holdKey: '../../etc' });
    const event = sqsEvent(forged, releaseRequestBody(HOLD_KEY));
    const result = await h.handler(event, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    expect(h.failures).toEqual([{ name: 'ReleaseRequestFormatError' }]);
    expect(h.release).toHaveBeenCalledTimes(1);
  });

  it('logs no personal data of the released message', async () => {
    const h = await harness();
    await h.confirm();
    await h.handler(sqsEvent(releaseRequestBody(HOLD_KEY)), context);
    for (const personal of ['alex.morgan', 'jo.bloggs', 'JT 48', '14/02/1987']) {
      expect(output.text()).not.toContain(personal);
    }
  });
});
