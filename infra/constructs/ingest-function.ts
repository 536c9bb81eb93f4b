import { relative, resolve } from 'node:path';
import { type CfnElement, Duration, RemovalPolicy, Stack, Token, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { REPORT_FAILURE_METRICS } from '../../functions/ingest/report-metrics.ts';
import type { Action } from '../../shared/policy/decision.ts';
import { ConfigError } from '../config.ts';
import { BUNDLED_PACK_DIR, bundlePolicyPacks, type MailboxPolicy } from '../policy-pack-files.ts';
import { esmBundling } from './function-bundling.ts';
import type { CaveatKeys } from './keys.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';
import type { InboundQueue } from './queue.ts';
import type { CaveatTables } from './tables.ts';

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
export interface IngestFunctionProps {
  /** The raw-mail bucket. Required. */
  readonly bucket: s3.Bucket;
  /** The inbound queue; its visibility timeout must be at least 6 × `timeout`. Required. */
  readonly inbound: InboundQueue;
  /** The tables; each gets only the item actions the pipeline uses on it. Required. */
  readonly tables: CaveatTables;
  /** Data key (bucket, tables, queue, logs) and message key (encrypt only). Required. */
  readonly keys: CaveatKeys;
  /** Topic the function's alarms notify. Required. */
  readonly alarmTopic: sns.ITopic;
  /** Shared mailboxes: their addresses are the only allowed SES From addresses. Required. */
  readonly mailboxes: readonly MailboxPolicy[];
  /** Domain SES receives for; its identity is the one the function sends as. Required. */
  readonly receivingDomain: string;
  /** Partner domains trusted when DMARC passes. Required (may be empty). */
  readonly trustedPartnerDomains: readonly string[];
  /** Officer portal domain; links are `https://<portalDomain>/…`. Required. */
  readonly portalDomain: string;
  /** Receives security notices. Required (config defaults it to the alarm address). */
  readonly securityContact: string;
  /**
   * Reporting addresses whose mail is parsed as DMARC or TLS reports, not classified.
   * @default none: mail to them is unroutable
   */
  readonly reportAddresses?: { readonly dmarc?: string; readonly tlsRpt?: string };
  /** Years an audit record is kept (sets the decisions' TTL). Required. */
  readonly auditYears: number;
  /** Days a held message waits for confirmation. Required. */
  readonly holdDays: number;
  /** Days a citizen has to answer a confirmation request. Required. */
  readonly confirmDays: number;
  /**
   * End User Messaging origination identity confirmation texts are sent from.
   * @default none: no texts are sent, and the function may send none
   */
  readonly smsOriginationIdentityArn?: string;
  /** Hours a portal link stays valid. Required. */
  readonly portalLinkHours: number;
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
   * Folder that relative pack file paths in `mailboxes[].policyPack` are resolved from.
   * @default process.cwd() (where `cdk synth` runs, as for `-c caveatConfig=…`)
   */
  readonly packBaseDir?: string;
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
 * encryption only, and SES sending only as the shared mailboxes.
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
    const packs = bundlePolicyPacks(props.mailboxes, props.packBaseDir);
    const environment: Record<string, string> = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: INGEST_SERVICE_NAME,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      POWERTOOLS_LOG_LEVEL: 'INFO',
      CAVEAT_MAIL_BUCKET: props.bucket.bucketName,
      CAVEAT_DECISIONS_TABLE: props.tables.decisions.tableName,
      CAVEAT_CONTACTS_TABLE: props.tables.contacts.tableName,
      CAVEAT_HOLDS_TABLE: props.tables.holds.tableName,
      CAVEAT_PORTAL_LINKS_TABLE: props.tables.portalLinks.tableName,
      CAVEAT_IDEMPOTENCY_TABLE: props.tables.idempotency.tableName,
      CAVEAT_MESSAGE_KEY_ARN: props.keys.messageKey.keyArn,
      CAVEAT_MAILBOXES: JSON.stringify(packs.mailboxes),
      CAVEAT_TRUSTED_PARTNERS: props.trustedPartnerDomains.join(','),
      CAVEAT_PORTAL_BASE_URL: `https://${props.portalDomain}`,
      CAVEAT_SECURITY_CONTACT: props.securityContact,
      ...(props.reportAddresses?.dmarc ? { CAVEAT_DMARC_REPORT_ADDRESS: props.reportAddresses.dmarc } : {}),
      ...(props.reportAddresses?.tlsRpt ? { CAVEAT_TLS_REPORT_ADDRESS: props.reportAddresses.tlsRpt } : {}),
      CAVEAT_AUDIT_YEARS: String(props.auditYears),
      CAVEAT_HOLD_DAYS: String(props.holdDays),
      CAVEAT_CONFIRM_DAYS: String(props.confirmDays),
      ...(props.smsOriginationIdentityArn
        ? { CAVEAT_SMS_ORIGINATION_IDENTITY: props.smsOriginationIdentityArn }
        : {}),
      CAVEAT_LINK_TTL_HOURS: String(props.portalLinkHours),
    };
    assertEnvironmentFits(environment);

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
      bundling: esmBundling({
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) =>
          packs.files.map(
            (file) =>
              `mkdir -p ${quote(`${outputDir}/${BUNDLED_PACK_DIR}`)} && cp ${quote(sourceIn(inputDir, file.source))} ${quote(`${outputDir}/${file.target}`)}`,
          ),
      }),
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
    const stack = Stack.of(this);
    const allow = (sid: string, actions: string[], resources: string[], conditions?: iam.Conditions) =>
      this.role.addToPrincipalPolicy(
        new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
      );

    // S3, per prefix. The CDK grant helpers add more than the pipeline does (s3:GetObject*,
    // s3:DeleteObject* including versions, s3:PutObject* tagging and retention), so by hand.
    allow(
      'ReadAndRemoveInboundMail',
      ['s3:GetObject', 's3:DeleteObject'],
      [bucket.arnForObjects(`${MAIL_PREFIXES.inbound}*`)],
    );
    allow(
      'WriteQuarantineAndCiphertext',
      ['s3:PutObject'],
      [
        bucket.arnForObjects(`${MAIL_PREFIXES.quarantine}*`),
        bucket.arnForObjects(`${MAIL_PREFIXES.ciphertext}*`),
      ],
    );
    allow('KeepReports', ['s3:PutObject'], [bucket.arnForObjects(`${MAIL_PREFIXES.reports}*`)]);
    // Without ListBucket, HeadObject on a missing key answers 403, not 404, and the pipeline
    // treats only a 404 as "already processed". S3 evaluates that check with the key as s3:prefix.
    allow('ListInboundForNotFound', ['s3:ListBucket'], [bucket.bucketArn], {
      StringLike: { 's3:prefix': `${MAIL_PREFIXES.inbound}*` },
    });

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
    items('RecordHolds', tables.holds, ['PutItem']);
    // A confirmation request points its hold at the link's hash, and may change nothing else.
    allow('IssueConfirmations', ['dynamodb:UpdateItem'], [tables.holds.tableArn], {
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['holdKey', 'confirmationHash', 'decision'] },
    });
    items('RecordPortalLinks', tables.portalLinks, ['PutItem']);
    // Confirmation texts, from the one configured origination identity only.
    if (props.smsOriginationIdentityArn)
      allow('TextFromOriginationIdentity', ['sms-voice:SendTextMessage'], [props.smsOriginationIdentityArn]);
    items('Idempotency', tables.idempotency, ['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem']);

    // SES: recipients (team mailboxes, senders, the security contact) cannot be named as
    // resources, so the identity is the receiving domain (and any mailbox subdomain) and the
    // From address must be one of the shared mailboxes.
    const domains = new Set([
      props.receivingDomain,
      ...props.mailboxes.map((m) => m.address.split('@')[1] ?? props.receivingDomain),
    ]);
    allow(
      'SendAsSharedMailboxes',
      ['ses:SendRawEmail'],
      [...domains].map((domain) =>
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: domain }),
      ),
      { StringEquals: { 'ses:FromAddress': props.mailboxes.map((m) => m.address) } },
    );

    this.logGroup.grantWrite(this.role);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; the wildcard carries only those two actions.',
    });

    const bucketId = stack.resolve(stack.getLogicalId(bucket.node.defaultChild as CfnElement));
    for (const [prefix, reason] of PREFIX_REASONS) {
      Validations.of(this.role).acknowledge({
        id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${prefix}*]`,
        reason,
      });
    }
  }
}

/** Why each object-prefix wildcard is as narrow as it can be (cdk-nag IAM5). */
const PREFIX_REASONS: readonly (readonly [string, string])[] = [
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

/** Lambda refuses more than 4 KB of environment variables (names and values). */
const ENVIRONMENT_LIMIT_BYTES = 4096;
/** Room allowed for a value only known at deploy (a generated table name, a key ARN). */
const DEPLOY_TIME_VALUE_BYTES = 128;

/** Fails synth, not the deploy, when the mailbox list outgrows the function's environment. */
function assertEnvironmentFits(environment: Readonly<Record<string, string>>): void {
  const bytes = Object.entries(environment).reduce(
    (sum, [name, value]) =>
      sum + name.length + (Token.isUnresolved(value) ? DEPLOY_TIME_VALUE_BYTES : Buffer.byteLength(value)),
    0,
  );
  if (bytes > ENVIRONMENT_LIMIT_BYTES) {
    throw new ConfigError(
      `caveat config: mailboxes: the ingest function's environment would be about ${bytes} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}; split the mailboxes across stacks`,
    );
  }
}

/** A path for the bundling shell: inside the project it is read through the bundling input folder. */
function sourceIn(inputDir: string, source: string): string {
  const inProject = relative(PROJECT_ROOT, source);
  return inProject.startsWith('..') ? source : `${inputDir}/${inProject}`;
}

/** POSIX shell single quoting. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
