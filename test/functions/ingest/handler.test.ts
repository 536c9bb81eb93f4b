import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createIngestHandler } from '../../../functions/ingest/handler.ts';
import { MAILBOX, pipelineHarness, RecordingMailer, sample } from '../../pipeline/fakes.ts';
import { MemoryIdempotencyStore } from '../memory-idempotency-store.ts';
import { captureOutput, context, notification as s3Notification, sqsEvent } from './lambda-events.ts';

const BUCKET = 'caveat-mail';

const notification = (key: string, bucket = BUCKET) => s3Notification(key, bucket);

function harness() {
  const pipeline = pipelineHarness({ contacts: ['jo.bloggs@example-mail.co.uk'] });
  const process = vi.fn(pipeline.process);
  const persistenceStore = new MemoryIdempotencyStore();
  const handler = createIngestHandler({
    process,
    release: pipeline.release,
    mailBucket: BUCKET,
    persistenceStore,
    logger: new Logger({ serviceName: 'caveat-ingest' }),
    metrics: new Metrics({ namespace: 'Caveat', serviceName: 'caveat-ingest' }),
  });
  const receive = (id: string, file: string) => pipeline.receive(id, sample(file));
  return { ...pipeline, process, persistenceStore, handler, receive };
}

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  output = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
});

describe('ingest handler', () => {
  it('processes every object of a batch and reports no failures', async () => {
    const h = harness();
    const event = sqsEvent(
      notification(h.receive('m-1', '01-citizen-general-enquiry.eml')),
      notification(h.receive('m-2', '02-citizen-unverified-nino-dob.eml')),
    );
    await expect(h.handler(event, context)).resolves.toEqual({ batchItemFailures: [] });
    expect(h.audit.entries.map((e) => `${e.messageId}:${e.stage}`)).toEqual([
      'm-1:classify',
      'm-1:deliver',
      'm-2:classify',
      'm-2:confirm-request',
      'm-2:hold',
    ]);
  });

  it('URL-decodes object keys', async () => {
    const h = harness();
    const key = h.receive('m-encoded', '01-citizen-general-enquiry.eml');
    const body = notification(key);
    expect(body).toContain('universal.credit%40caveat');
    await h.handler(sqsEvent(body), context);
    expect(h.process).toHaveBeenCalledWith(key);
  });

  it('skips the s3:TestEvent S3 sends when notifications are configured', async () => {
    const h = harness();
    const result = await h.handler(
      sqsEvent(JSON.stringify({ Event: 's3:TestEvent', Bucket: BUCKET })),
      context,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(h.process).not.toHaveBeenCalled();
  });

  it('a duplicate notification (a different SQS message for the same key) is not processed again', async () => {
    const h = harness();
    const key = h.receive('m-dup', '03-verified-citizen-bank-details.eml');
    await h.handler(sqsEvent(notification(key)), context);
    await h.handler(sqsEvent(notification(key)), context);
    expect(h.process).toHaveBeenCalledTimes(1);
    expect(h.mailer.sent).toHaveLength(1);
    expect(h.links.links).toHaveLength(1);
    expect(h.persistenceStore.records.size).toBe(1);
  });

  it('reports only the failed record, which succeeds when retried', async () => {
    const h = harness();
    const good = h.receive('m-good', '01-citizen-general-enquiry.eml');
    const bad = h.receive('m-bad', '05-officer-official-nino.eml');
    const event = sqsEvent(notification(good), notification(bad));
    h.mailer.send = vi
      .fn(RecordingMailer.prototype.send.bind(h.mailer))
      .mockImplementationOnce(RecordingMailer.prototype.send.bind(h.mailer))
      .mockRejectedValueOnce(
        Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' }),
      );

    const result = await h.handler(event, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[1]?.messageId }]);
    expect(h.store.objects.has(bad)).toBe(true);

    await expect(h.handler(sqsEvent(notification(bad)), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(h.mailer.sent).toHaveLength(2);
  });

  it('tells onRecordFailed which record failed and why, with no message content', async () => {
    const failures: [string, Record<string, string>][] = [];
    const pipeline = pipelineHarness({ contacts: [] });
    const handler = createIngestHandler({
      process: pipeline.process,
      release: pipeline.release,
      mailBucket: BUCKET,
      persistenceStore: new MemoryIdempotencyStore(),
      logger: new Logger({ serviceName: 'caveat-ingest' }),
      metrics: new Metrics({ namespace: 'Caveat', serviceName: 'caveat-ingest' }),
      onRecordFailed: (id, error) => failures.push([id, error]),
    });
    const key = pipeline.receive('m-throttled', sample('01-citizen-general-enquiry.eml'));
    pipeline.mailer.failNext = Object.assign(new Error('Rate exceeded for jo@example.com'), {
      name: 'Throttling',
    });
    const event = sqsEvent(notification(key));

    await handler(event, context);
    expect(failures).toEqual([
      [event.Records[0]?.messageId, { name: 'StageFailedError', stage: 'deliver', code: 'Throttling' }],
    ]);
  });

  it('reports a batch whose every record failed rather than failing the invocation', async () => {
    const h = harness();
    const key = h.receive('m-alone', '01-citizen-general-enquiry.eml');
    h.mailer.failNext = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });
    const event = sqsEvent(notification(key));

    await expect(h.handler(event, context)).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: event.Records[0]?.messageId }],
    });
    expect(h.store.objects.has(key)).toBe(true);
  });

  it('a body that is not an S3 notification fails that record only', async () => {
    const h = harness();
    const event = sqsEvent('not json', notification(h.receive('m-ok', '01-citizen-general-enquiry.eml')));
    const result = await h.handler(event, context);
    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
  });

  it('ignores notifications for another bucket', async () => {
    const h = harness();
    await h.handler(sqsEvent(notification(`inbound/${MAILBOX}/m-x`, 'someone-elses-bucket')), context);
    expect(h.process).not.toHaveBeenCalled();
  });

  it('logs and metrics carry ids, actions and rules, never personal data', async () => {
    const h = harness();
    const event = sqsEvent(
      notification(h.receive('m-log-1', '02-citizen-unverified-nino-dob.eml')),
      notification(h.receive('m-log-2', '03-verified-citizen-bank-details.eml')),
      notification(h.receive('m-log-3', '08-citizen-card-number.eml')),
    );
    // The third send fails with an SDK-style message quoting the recipient: it must not be logged.
    h.mailer.send = vi
      .fn(RecordingMailer.prototype.send.bind(h.mailer))
      .mockImplementationOnce(RecordingMailer.prototype.send.bind(h.mailer))
      .mockImplementationOnce(RecordingMailer.prototype.send.bind(h.mailer))
      .mockRejectedValueOnce(new Error('Address blacklisted: pat.jones@example-mail.co.uk'));
    await h.handler(event, context);
    expect(output.text()).toContain('"messageId":"m-log-1"');
    expect(output.text()).toContain('"action":"hold"');
    expect(output.text()).toContain('MessagesProcessed');
    expect(output.text()).toContain('"level":"ERROR"');
    for (const personal of [
      'alex.morgan',
      'Alex Morgan',
      'jo.bloggs',
      '20-00-00',
      'pat.jones',
      '4929',
      'bank account',
    ]) {
      expect(output.text()).not.toContain(personal);
    }
  });
});
