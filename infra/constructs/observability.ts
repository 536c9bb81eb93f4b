import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Action } from '../../shared/policy/decision.ts';
import { alarmOnAny } from './alarms.ts';
import { ACTION_LABELS, type IngestFunction } from './ingest-function.ts';

/** Props of {@link Observability}. */
export interface ObservabilityProps {
  /** Customer-managed key for the alarm topic (the data key). Required. */
  readonly encryptionKey: kms.Key;
  /** Address subscribed to alarms (must confirm the SNS subscription). Required. */
  readonly alarmEmail: string;
  /**
   * Dashboard name.
   * @default 'Caveat'
   */
  readonly dashboardName?: string;
}

/**
 * Operational signals: the encrypted, TLS-only alarm topic with its e-mail subscription, and
 * a dashboard (queue depth and age, DLQ depth, then the ingest function's outcomes and health).
 */
export class Observability extends Construct {
  public readonly alarmTopic: sns.Topic;
  public readonly dashboard: cloudwatch.Dashboard;
  /** Any DMARC or TLS report that could not be read, within an hour (set by {@link addIngestFunction}). */
  public reportsMalformedAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.alarmTopic = new sns.Topic(this, 'Alarms', {
      displayName: 'Caveat alarms',
      masterKey: props.encryptionKey,
      enforceSSL: true,
    });
    this.alarmTopic.addSubscription(new subscriptions.EmailSubscription(props.alarmEmail));
    // CloudWatch publishes alarm state changes to the encrypted topic; SNS then uses the key on
    // its behalf. Scoped to alarms of this account.
    props.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToEncryptedTopic',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: {
            'aws:SourceArn': `arn:${Stack.of(this).partition}:cloudwatch:${Stack.of(this).region}:${Stack.of(this).account}:alarm:*`,
          },
        },
      }),
    );
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? 'Caveat',
      defaultInterval: Duration.hours(24),
    });
  }

  /** Adds the inbound queue widgets: depth, age of oldest message, DLQ depth. */
  public addInboundQueue(queue: sqs.IQueue, deadLetterQueue: sqs.IQueue): void {
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Inbound queue depth',
        left: [queue.metricApproximateNumberOfMessagesVisible()],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Inbound queue: age of oldest message (s)',
        left: [queue.metricApproximateAgeOfOldestMessage()],
        width: 8,
      }),
      new cloudwatch.SingleValueWidget({
        title: 'Dead letters',
        metrics: [deadLetterQueue.metricApproximateNumberOfMessagesVisible()],
        width: 8,
      }),
    );
  }

  /**
   * Adds the ingest function's widgets: messages by action, processing errors and p99 latency
   * (the pipeline's EMF metrics), then Lambda errors, p99 duration and throttles, then the DMARC
   * and TLS reports received and the failures they describe.
   */
  public addIngestFunction(ingest: IngestFunction): void {
    const fn = ingest.function;
    const period = Duration.minutes(5);
    const actions = Object.keys(ACTION_LABELS) as Action[];
    this.reportsMalformedAlarm = this.malformedReportsAlarm(ingest);
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Messages by action',
        left: actions.map((action) => ingest.metricMessagesProcessed(action, { period })),
        stacked: true,
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Processing errors and p99 latency (ms)',
        left: [ingest.metricProcessingErrors({ period, label: 'Processing errors' })],
        right: [ingest.metricProcessingLatency({ period, label: 'Latency p99' })],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Ingest function: errors, throttles, duration p99 (ms)',
        left: [
          fn.metricErrors({ period, statistic: cloudwatch.Stats.SUM, label: 'Errors' }),
          fn.metricThrottles({ period, statistic: cloudwatch.Stats.SUM, label: 'Throttles' }),
        ],
        right: [fn.metricDuration({ period, statistic: cloudwatch.Stats.p(99), label: 'Duration p99' })],
        width: 8,
      }),
      new cloudwatch.GraphWidget({
        title: 'Domain reports received (DMARC, TLS-RPT)',
        left: (['dmarc', 'tls-rpt'] as const).flatMap((report) =>
          (['parsed', 'malformed'] as const).map((result) =>
            ingest.metricReportsReceived(report, result, { period }),
          ),
        ),
        stacked: true,
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'Failures the reports describe',
        left: [ingest.metricReportedFailures('dmarc', { period })],
        right: [ingest.metricReportedFailures('tls-rpt', { period })],
        width: 12,
      }),
      new cloudwatch.AlarmStatusWidget({
        title: 'Ingest alarms',
        alarms: [
          ingest.errorRateAlarm,
          ingest.throttlesAlarm,
          ingest.processingErrorsAlarm,
          this.reportsMalformedAlarm,
        ],
        width: 24,
      }),
    );
  }
  /**
   * A report Caveat cannot read means a provider's view of the domain is lost until someone looks:
   * a parser gap, a provider's new format, or someone probing the reporting address. Reports come
   * a few a day, so one in an hour is worth an alarm; hours without any are treated as zero.
   */
  private malformedReportsAlarm(ingest: IngestFunction): cloudwatch.Alarm {
    const hour = Duration.hours(1);
    const malformed = (report: 'dmarc' | 'tls-rpt') =>
      ingest.metricReportsReceived(report, 'malformed', { period: hour, statistic: cloudwatch.Stats.SUM });
    return alarmOnAny(this, 'ReportsMalformed', {
      description: 'Caveat ingest: a DMARC or TLS report could not be read (see the report audit entries)',
      metric: new cloudwatch.MathExpression({
        expression: 'FILL(dmarc, 0) + FILL(tls, 0)',
        usingMetrics: { dmarc: malformed('dmarc'), tls: malformed('tls-rpt') },
        period: hour,
        label: 'Malformed reports',
      }),
      topic: this.alarmTopic,
    });
  }
}
