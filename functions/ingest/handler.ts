/**
 * The ingest Lambda: SQS batches of S3 "object created" notifications for raw mail SES wrote,
 * and release requests for held messages their senders confirmed (DWP Email Policy 3.10). Each
 * object is processed once per key (Powertools idempotency keyed on the object key, i.e. the SES
 * message id) and each hold released once, failures are reported per record (partial batch
 * response) so only they are retried, and logs and metrics carry ids, classifications and rule
 * ids, never message content.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import type { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { holdKeyOf, isReleaseRequest } from '../../shared/confirm/release-request.ts';
import type { ProcessOutcome } from '../../shared/pipeline/process-inbound-mail.ts';
import { REPORT_FAILURE_METRICS } from './report-metrics.ts';
import { createdObjects } from './s3-notification.ts';

export interface IngestDependencies {
  readonly process: (objectKey: string) => Promise<ProcessOutcome>;
  /** Releases a confirmed hold, named by its key, through the pipeline's stages. */
  readonly release: (holdKey: string) => Promise<ProcessOutcome>;
  readonly mailBucket: string;
  readonly persistenceStore: BasePersistenceLayer;
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** X-Ray tracing; traces carry no message content (responses are not captured). */
  readonly tracer?: Tracer;
  /** How long a processed key is remembered; S3 redeliveries come within minutes. */
  readonly idempotencyExpirySeconds?: number;
  /**
   * Told of each failed record with what is logged of it (error name, stage, code): the local
   * queue keeps it as the dead letter's reason, where SQS would leave it to the logs.
   */
  readonly onRecordFailed?: (sqsMessageId: string, error: Readonly<Record<string, string>>) => void;
}

/** Only these fields of an outcome are ever logged. */
function loggable(outcome: ProcessOutcome) {
  switch (outcome.status) {
    case 'processed':
      return {
        messageId: outcome.messageId,
        classification: outcome.classification,
        action: outcome.action,
        ruleId: outcome.ruleId,
        audit: outcome.audit,
      };
    case 'report':
      return {
        messageId: outcome.messageId,
        status: outcome.status,
        report: outcome.kind,
        result: outcome.result,
        failures: outcome.failures,
        audit: outcome.audit,
      };
    default:
      return { messageId: outcome.messageId, status: outcome.status };
  }
}

/** One EMF document per report, dimensioned by kind and result, and one for its failures. */
function addReportMetrics(metrics: Metrics, outcome: Extract<ProcessOutcome, { status: 'report' }>): void {
  const received = metrics.singleMetric();
  received.addDimensions({ report: outcome.kind, result: outcome.result });
  received.addMetric('ReportsReceived', MetricUnit.Count, 1);
  const failures = metrics.singleMetric();
  failures.addDimension('report', outcome.kind);
  failures.addMetric(REPORT_FAILURE_METRICS[outcome.kind], MetricUnit.Count, outcome.failures);
}

const RELEASE_KEY_PREFIX = 'release/';

export function createIngestHandler(deps: IngestDependencies) {
  const idempotency = new IdempotencyConfig({
    eventKeyJmesPath: 'key',
    expiresAfterSeconds: deps.idempotencyExpirySeconds ?? 7 * 24 * 3600,
  });
  const processOnce = makeIdempotent(
    async (object: { bucket: string; key: string }): Promise<ProcessOutcome> => deps.process(object.key),
    { persistenceStore: deps.persistenceStore, config: idempotency },
  );
  // Keyed apart from new mail (`release/<hold key>`), so a release is never mistaken for its receipt.
  const releaseOnce = makeIdempotent(
    async (request: { key: string }): Promise<ProcessOutcome> =>
      deps.release(request.key.slice(RELEASE_KEY_PREFIX.length)),
    { persistenceStore: deps.persistenceStore, config: idempotency },
  );
  const processor = new BatchProcessor(EventType.SQS);

  /** Runs one unit of work, with its log line and metrics; a failure is logged, counted and rethrown. */
  const run = async (record: SQSRecord, work: () => Promise<ProcessOutcome>, what: string): Promise<void> => {
    const started = Date.now();
    try {
      const outcome = await work();
      deps.logger.info(`message ${what}`, loggable(outcome));
      if (outcome.status === 'report') addReportMetrics(deps.metrics, outcome);
      if (outcome.status === 'processed') {
        // One EMF document per message, so the action dimension never leaks to other metrics.
        const single = deps.metrics.singleMetric();
        single.addDimension('action', outcome.action);
        single.addMetric(what === 'released' ? 'MessagesReleased' : 'MessagesProcessed', MetricUnit.Count, 1);
        deps.metrics.addMetric('ProcessingLatency', MetricUnit.Milliseconds, Date.now() - started);
      }
    } catch (error) {
      deps.metrics.addMetric('ProcessingErrors', MetricUnit.Count, 1);
      const summary = errorSummary(error);
      deps.logger.error(`message ${what === 'released' ? 'release' : 'processing'} failed`, {
        sqsMessageId: record.messageId,
        error: summary,
      });
      deps.onRecordFailed?.(record.messageId, summary);
      throw error;
    }
  };

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    if (isReleaseRequest(record.body)) {
      const release = async () => releaseOnce({ key: `${RELEASE_KEY_PREFIX}${holdKeyOf(record.body)}` });
      return run(record, release, 'released');
    }
    for (const object of createdObjects(record.body)) {
      if (object.bucket !== deps.mailBucket) {
        // Only this stack's bucket notifies this queue; anything else is misrouted, never read.
        deps.logger.warn('notification for another bucket ignored', { sqsMessageId: record.messageId });
        continue;
      }
      await run(record, () => processOnce({ bucket: object.bucket, key: object.key }), 'processed');
    }
  };

  const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    idempotency.registerLambdaContext(context);
    return processPartialResponse(event, handleRecord, processor, {
      context,
      // One message at a time: a batch of large messages must fit the function's memory.
      processInParallel: false,
      // A batch whose every record failed is reported like any other, not thrown: SQS retries
      // the same records either way, and a throw would count a failed message (often a batch
      // of one) as a failed invocation, which the error-rate alarm keeps for crashes and timeouts.
      throwOnFullBatchFailure: false,
    });
  })
    .use(injectLambdaContext(deps.logger))
    .use(logMetrics(deps.metrics, { captureColdStartMetric: true }));
  if (deps.tracer) handler.use(captureLambdaHandler(deps.tracer, { captureResponse: false }));
  return handler;
}

/** Error name, stage and code only: third-party error messages may quote input. */
function errorSummary(error: unknown): Record<string, string> {
  if (!(error instanceof Error)) return { name: 'UnknownError' };
  const { stage, code } = error as Error & { stage?: unknown; code?: unknown };
  return {
    name: error.name,
    ...(typeof stage === 'string' ? { stage } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
