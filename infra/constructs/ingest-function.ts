import { resolve } from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { REPORT_FAILURE_METRICS } from '../../functions/ingest/report-metrics.ts';
import { MESSAGE_DOCUMENTS_MAX_MS } from '../../shared/mail/document-text-wire.ts';
import type { Action } from '../../shared/policy/decision.ts';
import { esmBundling } from './function-bundling.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';
import {
  assertEnvironmentFits,
  type PipelineProps,
  pipelineCommandHooks,
  pipelineEnvironment,
  pipelinePacks,
} from './pipeline-environment.ts';
import {
  acknowledgePrefixes,
  acknowledgeTracing,
  allowMailStages,
  allowSendAsSharedMailboxes,
} from './pipeline-grants.ts';
import type { InboundQueue } from './queue.ts';

/** Powertools service name: the `service` dimension of every metric and the logger's service. */
export const INGEST_SERVICE_NAME = 'caveat-ingest';
/** CloudWatch namespace of the pipeline's own (EMF) metrics. */
export const METRICS_NAMESPACE = 'Caveat';

/** Every action a message can end in, with its dashboard label; typed so a new action must be added here. */
export const ACTION_LABELS: Readonly<Record<Action, string>> = {
  deliver: 'Delivered',
  protect: 'Protected',
  hold: 'Held',
  quarantine: 'Quarantined',
};

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Props of {@link IngestFunction}. */
export interface IngestFunctionProps extends PipelineProps {
  /** The inbound queue; its visibility timeout must be at least 6 × `timeout`. Required. */
  readonly inbound: InboundQueue;
  /** Topic the function's alarms notify. Required. */
  readonly alarmTopic: sns.ITopic;
  /** Domain SES receives for; its identity is the one the function sends as. Required. */
  readonly receivingDomain: string;
  /**
   * Reporting addresses whose mail is parsed as DMARC or TLS reports, not classified.
   * @default none: mail to them is unroutable
   */
  readonly reportAddresses?: { readonly dmarc?: string; readonly tlsRpt?: string };
  /**
   * End User Messaging origination identity confirmation texts are sent from.
   * @default none: no texts are sent, and the function may send none
   */
  readonly smsOriginationIdentityArn?: string;
  /**
   * Function timeout.
   * @default Duration.seconds(60)
   */
  readonly timeout?: Duration;
  /**
   * Memory: a message may be 40 MB and is parsed in memory, with its attachments' text.
   * @default 1024
   */
  readonly memorySize?: number;
  /**
   * Log retention. The logs hold message ids, classifications and rule ids, never content.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * What happens to the log group when the stack is deleted.
   * @default RemovalPolicy.RETAIN
   */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The ingest function: consumes the inbound queue (S3 notifications of raw mail), runs the
 * pipeline, and records every decision. ESM bundle for Node.js 24 on arm64 with the AWS SDK v3
 * bundled (pinned by the lockfile), built with the local esbuild.
 *
 * Its role is its own and names every action: no AWS managed policy, logs only to its own
 * encrypted log group, S3 per prefix, each table only the item actions the pipeline uses on it
 * (the decisions table is append-only: `GetItem` of a chain head and `PutItem`), the message key for
 * encryption only, SES sending only as the shared mailboxes, and invoking the extract-text
 * function for PDF and DOCX text.
 */
export class IngestFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** errors / invocations > 1 % over 15 minutes. */
  public readonly errorRateAlarm: cloudwatch.Alarm;
  /** Any throttled invocation. */
  public readonly throttlesAlarm: cloudwatch.Alarm;
  /** Any message the pipeline failed to process (it will be retried, then dead-lettered). */
  public readonly processingErrorsAlarm: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: IngestFunctionProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(60);
    const visibility = props.inbound.visibilityTimeout.toSeconds();
    if (visibility < 6 * timeout.toSeconds()) {
      // AWS: at least six times the function timeout, so throttled batches can be retried
      // before their messages become visible again.
      throw new Error(
        `IngestFunction: queue visibility timeout ${visibility}s is less than 6 × function timeout ${timeout.toSeconds()}s`,
      );
    }
    // The function must outlive a message's document reading to decide the message.
    if (timeout.toMilliseconds() <= MESSAGE_DOCUMENTS_MAX_MS) {
      throw new Error(
        `IngestFunction: timeout ${timeout.toSeconds()}s must exceed the ${MESSAGE_DOCUMENTS_MAX_MS / 1000}s a message's PDF and DOCX attachments may take to read`,
      );
    }
    const packs = pipelinePacks(props);
    const environment: Record<string, string> = {
      ...pipelineEnvironment(props, packs),
      POWERTOOLS_SERVICE_NAME: INGEST_SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      ...(props.reportAddresses?.dmarc ? { CAVEAT_DMARC_REPORT_ADDRESS: props.reportAddresses.dmarc } : {}),
      ...(props.reportAddresses?.tlsRpt ? { CAVEAT_TLS_REPORT_ADDRESS: props.reportAddresses.tlsRpt } : {}),
      ...(props.smsOriginationIdentityArn
        ? { CAVEAT_SMS_ORIGINATION_IDENTITY: props.smsOriginationIdentityArn }
        : {}),
    };
    assertEnvironmentFits(environment, 'ingest');

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.keys.dataKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy: props.logRemovalPolicy ?? RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Caveat ingest: read inbound mail, write quarantine/ciphertext, record decisions, send as the shared mailboxes',
    });

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'Caveat: classify, verify, protect and record each inbound message',
      entry: resolve(PROJECT_ROOT, 'functions/ingest/index.ts'),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 1024,
      timeout,
      role: this.role,
      logGroup: this.logGroup,
      // X-Ray: the handler and every SDK call are traced by Powertools Tracer (no payloads).
      tracing: lambda.Tracing.ACTIVE,
      bundling: esmBundling(pipelineCommandHooks(packs)),
      environment,
    });

    this.function.addEventSource(
      new SqsEventSource(props.inbound.queue, {
        batchSize: 5,
        reportBatchItemFailures: true,
        maxBatchingWindow: Duration.seconds(5),
      }),
    );
    this.grantPipeline(props);

    const alarm = (id: string, alarmProps: cloudwatch.AlarmProps): cloudwatch.Alarm => {
      const created = new cloudwatch.Alarm(this, id, alarmProps);
      created.addAlarmAction(new cwActions.SnsAction(props.alarmTopic));
      created.addOkAction(new cwActions.SnsAction(props.alarmTopic));
      return created;
    };
    const fifteenMinutes = Duration.minutes(15);
    this.errorRateAlarm = alarm('ErrorRate', {
      alarmDescription: 'Caveat ingest: more than 1% of invocations failed over 15 minutes',
      metric: new cloudwatch.MathExpression({
        expression: 'IF(invocations > 0, 100 * errors / invocations, 0)',
        usingMetrics: {
          errors: this.function.metricErrors({ period: fifteenMinutes, statistic: cloudwatch.Stats.SUM }),
          invocations: this.function.metricInvocations({
            period: fifteenMinutes,
            statistic: cloudwatch.Stats.SUM,
          }),
        },
        period: fifteenMinutes,
        label: 'Error rate (%)',
      }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.throttlesAlarm = alarm('Throttles', {
      alarmDescription: 'Caveat ingest: invocations were throttled (mail waits in the queue)',
      metric: this.function.metricThrottles({ period: Duration.minutes(5), statistic: cloudwatch.Stats.SUM }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    this.processingErrorsAlarm = alarm('ProcessingErrors', {
      alarmDescription: 'Caveat ingest: a message failed processing (retried, then dead-lettered)',
      metric: this.metricProcessingErrors({ period: Duration.minutes(5) }),
      threshold: 0,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
  }

  /** Messages that ended in `action` (EMF, dimensions `service` + `action`). */
  public metricMessagesProcessed(action: Action, options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.pipelineMetric('MessagesProcessed', {
      label: ACTION_LABELS[action],
      ...options,
      dimensionsMap: { service: INGEST_SERVICE_NAME, action },
    });
  }

  /** Milliseconds from taking a message to its outcome (EMF, dimension `service`). */
  public metricProcessingLatency(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.pipelineMetric('ProcessingLatency', { statistic: cloudwatch.Stats.p(99), ...options });
  }

  /** DMARC or TLS reports received, by result (EMF, dimensions `service` + `report` + `result`). */
  public metricReportsReceived(
    report: 'dmarc' | 'tls-rpt',
    result: 'parsed' | 'malformed',
    options: cloudwatch.MetricOptions = {},
  ): cloudwatch.Metric {
    return this.pipelineMetric('ReportsReceived', {
      label: `${report === 'dmarc' ? 'DMARC' : 'TLS'} ${result}`,
      ...options,
      dimensionsMap: { service: INGEST_SERVICE_NAME, report, result },
    });
  }

  /** Messages failing DMARC (DMARC reports) or sessions failing TLS (TLS reports), as reported. */
  public metricReportedFailures(
    report: 'dmarc' | 'tls-rpt',
    options: cloudwatch.MetricOptions = {},
  ): cloudwatch.Metric {
    return this.pipelineMetric(REPORT_FAILURE_METRICS[report], {
      label: report === 'dmarc' ? 'Messages failing DMARC' : 'Sessions failing TLS',
      ...options,
      dimensionsMap: { service: INGEST_SERVICE_NAME, report },
    });
  }

  /** Messages whose processing threw (EMF, dimension `service`). */
  public metricProcessingErrors(options: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.pipelineMetric('ProcessingErrors', options);
  }

  private pipelineMetric(metricName: string, options: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: METRICS_NAMESPACE,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      dimensionsMap: { service: INGEST_SERVICE_NAME },
      ...options,
    });
  }

  private grantPipeline(props: IngestFunctionProps): void {
    const { bucket, tables, keys } = props;
    const allow = (sid: string, actions: string[], resources: string[], conditions?: iam.Conditions) =>
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
      );

    allowMailStages(this.role, bucket);
    allow('KeepReports', ['s3:PutObject'], [bucket.arnForObjects(`${MAIL_PREFIXES.reports}*`)]);

    // Data key: reading SSE-KMS objects, CMK tables and the queue needs Decrypt; writing SSE-KMS
    // objects (S3 Bucket Keys) needs GenerateDataKey. No Encrypt/ReEncrypt.
    keys.dataKey.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    // Message key: encrypt only, under the context conditions of the key policy. Never Decrypt.
    keys.grantEncryptMessages(this.role);

    // DynamoDB, item actions per table on the table ARN only (the grant helpers add index/*).
    const items = (sid: string, table: { tableArn: string }, actions: string[]) =>
      allow(
        sid,
        actions.map((a) => `dynamodb:${a}`),
        [table.tableArn],
      );
    // Append-only audit log: each append is a transaction of two conditional PutItems (the entry
    // and its chain's head), after a GetItem of the head. No UpdateItem or DeleteItem, and every
    // role is explicitly denied them (DenyAuditChanges).
    items('AppendDecisions', tables.decisions, ['GetItem', 'PutItem']);
    items('ReadContacts', tables.contacts, ['GetItem']);
    // Holds are placed, and a confirmed one read back to release it (DWP Email Policy 3.10).
    items('RecordHolds', tables.holds, ['PutItem', 'GetItem']);
    // A confirmation request points its hold at the link's hash, and may change nothing else.
    allow('IssueConfirmations', ['dynamodb:UpdateItem'], [tables.holds.tableArn], {
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['holdKey', 'confirmationHash', 'decision'] },
    });
    // A released hold is marked so (the portal shows it), and nothing else of it changes.
    allow('MarkHoldsReleased', ['dynamodb:UpdateItem'], [tables.holds.tableArn], {
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['holdKey', 'releasedAt', 'decision'] },
    });
    items('RecordPortalLinks', tables.portalLinks, ['PutItem']);
    // Confirmation texts, from the one configured origination identity only.
    if (props.smsOriginationIdentityArn)
      allow('TextFromOriginationIdentity', ['sms-voice:SendTextMessage'], [props.smsOriginationIdentityArn]);
    items('Idempotency', tables.idempotency, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);

    allowSendAsSharedMailboxes(this.role, props.receivingDomain, props.mailboxes);
    props.extractText.grantInvoke(this.role);

    this.logGroup.grantWrite(this.role);

    acknowledgeTracing(this.role);
    acknowledgePrefixes(this.role, bucket, PREFIX_REASONS);
  }
}

/** Why each object-prefix wildcard of the pipeline is as narrow as it can be (cdk-nag IAM5). */
export const PREFIX_REASONS: readonly (readonly [string, string])[] = [
  [
    MAIL_PREFIXES.inbound,
    'Object keys under inbound/ end in SES message ids known only at receipt; GetObject and DeleteObject are limited to that prefix.',
  ],
  [
    MAIL_PREFIXES.quarantine,
    'Quarantined copies go to quarantine/<address>/<message id>, known only per message; PutObject only, on that prefix.',
  ],
  [
    MAIL_PREFIXES.ciphertext,
    'Protected copies go to ciphertext/<address>/<message id>, known only per message; PutObject only, on that prefix.',
  ],
  [
    MAIL_PREFIXES.reports,
    'DMARC and TLS report messages are kept as reports/<address>/<message id>, known only per message; PutObject only, on that prefix.',
  ],
];
