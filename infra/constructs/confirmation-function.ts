import { resolve } from 'node:path';
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { MailboxPolicy } from '../policy-pack-files.ts';
import { alarmOnAny } from './alarms.ts';
import { esmBundling } from './function-bundling.ts';
import type { CaveatKeys } from './keys.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';
import { assertEnvironmentFits } from './pipeline-environment.ts';
import { acknowledgePrefixes, acknowledgeTracing, allowInboundMail } from './pipeline-grants.ts';
import type { CaveatTables } from './tables.ts';
import { webSecret } from './web-secret.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = resolve(PROJECT_ROOT, 'functions/confirm/index.ts');
const SERVICE_NAME = 'caveat-confirm';
/** What a hold's answer writes (`decision`, `decidedAt`) and its key; the condition reads `decision`. */
const DECISION_ATTRIBUTES = ['holdKey', 'decision', 'decidedAt'];
/** The route of the page on the API: every path under `/confirm/`. */
export const CONFIRM_ROUTE_PATH = '/confirm/{proxy+}';

/** Props of {@link ConfirmationFunction}. */
export interface ConfirmationFunctionProps {
  /** The raw-mail bucket: held messages are under `inbound/`. Required. */
  readonly bucket: s3.Bucket;
  /** The holds and decisions tables. Required. */
  readonly tables: CaveatTables;
  /** The data key the tables, bucket, queue, logs and secret are encrypted under. Required. */
  readonly keys: CaveatKeys;
  /** Shared mailboxes: their `welsh` flag sets the page's languages. Required. */
  readonly mailboxes: readonly MailboxPolicy[];
  /** Years an audit record is kept (sets the decisions' TTL). Required. */
  readonly auditYears: number;
  /** The ingest function's queue: a confirmed hold is sent there to be released. Required. */
  readonly releaseQueue: sqs.IQueue;
  /**
   * The HTTP API the page is a route of: the officer portal's, so links under the portal domain
   * (`https://<portalDomain>/confirm/<token>`) reach it with no second domain. Required.
   */
  readonly api: apigw.HttpApi;
  /** Topic the alarms notify (a failing page or sweep). @default none: no alarms */
  readonly alarmTopic?: sns.ITopic;
  /** How often the sweep deletes unanswered held messages. @default events.Schedule.rate(Duration.hours(1)) */
  readonly expirySchedule?: events.Schedule;
  /** Log retention. The logs hold request ids and error classes, never content. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** Secret and log groups when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The confirmation function (DWP Email Policy 3.10), deployed as two Lambdas from one bundle
 * (Node.js 24, arm64), each with a role of its own:
 *
 * - the **page** (`handler`): the route `ANY /confirm/{proxy+}` on the portal's HTTP API. A
 *   citizen's answer either deletes the held message or asks the ingest function, through its
 *   queue, to release it. This internet-facing role therefore reads and acts on no mail: it holds
 *   the hold by its link (`byConfirmation`), the decision on the hold and nothing else, the audit
 *   log append-only, the held message's existence and its deletion under `inbound/`, sending to
 *   the ingest queue, and its own secret. No message key, no SES, no ciphertext.
 * - the **sweep** (`expire`): an EventBridge rule runs it hourly. It scans the holds table for
 *   lapsed holds, records the decision, appends audit entries and deletes held raw mail; and asks
 *   again for releases confirmed a quarter of an hour ago that never started: nothing more.
 */
export class ConfirmationFunction extends Construct {
  public readonly page: nodejs.NodejsFunction;
  public readonly pageRole: iam.Role;
  public readonly expiry: nodejs.NodejsFunction;
  public readonly expiryRole: iam.Role;
  /** Seeds the page's cookie and CSRF keys; generated on deploy, never in the repository. */
  public readonly secret: secretsmanager.Secret;
  public readonly schedule: events.Rule;
  public readonly routes: apigw.HttpRoute[];
  /** Any failed invocation of the page or the sweep in an hour (when an alarm topic is given). */
  public readonly errorAlarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: ConfirmationFunctionProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const environment = {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
      CAVEAT_MAIL_BUCKET: props.bucket.bucketName,
      CAVEAT_DECISIONS_TABLE: props.tables.decisions.tableName,
      CAVEAT_HOLDS_TABLE: props.tables.holds.tableName,
      // Only what the page reads of each mailbox: its address and language.
      CAVEAT_MAILBOXES: JSON.stringify(props.mailboxes.map(({ address, welsh }) => ({ address, welsh }))),
      CAVEAT_AUDIT_YEARS: String(props.auditYears),
      CAVEAT_RELEASE_QUEUE_URL: props.releaseQueue.queueUrl,
    };

    this.secret = webSecret(this, 'Secret', {
      description: 'Caveat confirmation page: the secret its cookie and CSRF keys are derived from',
      encryptionKey: props.keys.dataKey,
      rotation:
        'Rotating it only makes a citizen reload the page before answering, so it is rotated by hand (put a new random value) when needed.',
      removalPolicy,
    });

    const govuk = resolve(PROJECT_ROOT, 'node_modules/govuk-frontend/dist');
    // One bundle for both: templates and GOV.UK Frontend beside it, where functions/confirm/index.ts looks.
    const bundling = esmBundling({
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        `mkdir -p ${outputDir}/govuk-frontend ${outputDir}/views`,
        `cp -R ${govuk}/govuk ${outputDir}/govuk-frontend/govuk`,
        `cp -R ${inputDir}/shared/confirm/views ${outputDir}/views/confirm`,
        `cp -R ${inputDir}/shared/web/views ${outputDir}/views/shared`,
      ],
    });
    const lambdaFunction = (
      name: 'Page' | 'Expiry',
      role: iam.Role,
      options: Pick<nodejs.NodejsFunctionProps, 'description' | 'handler' | 'timeout' | 'memorySize'> & {
        readonly environment: Record<string, string>;
      },
    ) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        encryptionKey: props.keys.dataKey,
        retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
        removalPolicy,
      });
      logGroup.grantWrite(role);
      assertEnvironmentFits(options.environment, `confirmation ${name.toLowerCase()}`);
      return new nodejs.NodejsFunction(this, name, {
        ...options,
        entry: ENTRY,
        projectRoot: PROJECT_ROOT,
        depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        role,
        logGroup,
        tracing: lambda.Tracing.ACTIVE,
        bundling,
      });
    };

    this.pageRole = new iam.Role(this, 'PageRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Caveat confirmation page: answer a hold by its link, ask for the confirmed message to be released or delete it',
    });
    this.page = lambdaFunction('Page', this.pageRole, {
      description: 'Caveat: the confirmation page citizens answer held messages on (DWP Email Policy 3.10)',
      handler: 'handler',
      // API Gateway waits 30 s at most; an answer is a few table writes and one queue send.
      timeout: Duration.seconds(29),
      memorySize: 512,
      environment: { ...environment, CAVEAT_CONFIRM_SECRET_ARN: this.secret.secretArn },
    });
    this.grantPage(props);

    this.expiryRole = new iam.Role(this, 'ExpiryRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Caveat confirmation sweep: delete held messages nobody confirmed in time, and record it',
    });
    this.expiry = lambdaFunction('Expiry', this.expiryRole, {
      description: 'Caveat: deletes held messages whose confirmation request lapsed (DWP Email Policy 3.10)',
      handler: 'expire',
      timeout: Duration.minutes(5),
      memorySize: 512,
      environment,
    });
    this.grantExpiry(props);

    this.schedule = new events.Rule(this, 'ExpirySchedule', {
      description: 'Caveat: delete held messages whose confirmation request lapsed',
      schedule: props.expirySchedule ?? events.Schedule.rate(Duration.hours(1)),
      targets: [
        // Safe to run again: a hold already decided is skipped. A missed run is caught by the next.
        new targets.LambdaFunction(this.expiry, { retryAttempts: 2, maxEventAge: Duration.hours(1) }),
      ],
    });

    if (props.alarmTopic) this.alarmOnErrors(props.alarmTopic);

    this.routes = props.api.addRoutes({
      path: CONFIRM_ROUTE_PATH,
      methods: [apigw.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Confirm', this.page, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
    });
    for (const route of this.routes) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'Citizens have no account: the link itself (256 random bits, single use, expiring, stored only as a hash) is the credential, and answering needs a CSRF token bound to a sealed cookie and to that link.',
      });
    }
  }

  /** A failed sweep leaves unanswered held messages in place; a failing page leaves citizens unheard. */
  private alarmOnErrors(topic: sns.ITopic): void {
    for (const [name, fn, what] of [
      ['PageErrors', this.page, 'page'],
      ['ExpiryErrors', this.expiry, 'expiry sweep'],
    ] as const) {
      this.errorAlarms.push(
        alarmOnAny(this, name, {
          description: `Caveat confirmation: the ${what} failed in the last hour`,
          metric: fn.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
          topic,
        }),
      );
    }
  }

  private grantPage(props: ConfirmationFunctionProps): void {
    const { bucket, tables, keys } = props;
    const allow = statementAdder(this.pageRole);
    // The hold a link names, found by the hash of its token; then its decision, and nothing else.
    allow('FindHoldByLink', ['dynamodb:Query'], [`${tables.holds.tableArn}/index/byConfirmation`]);
    allow('DecideHold', ['dynamodb:UpdateItem'], [tables.holds.tableArn], decisionAttributesOnly);
    // Append-only audit log: GetItem of the chain head, then the entry and head put together.
    allow('AppendDecisions', ['dynamodb:GetItem', 'dynamodb:PutItem'], [tables.decisions.tableArn]);
    // Whether the held message is still there (HeadObject needs GetObject; the page reads no
    // content), and its deletion when the citizen disowns it or the link has lapsed.
    allowInboundMail(this.pageRole, bucket);
    // A confirmed hold goes to the ingest function's queue, which releases it.
    allow('RequestRelease', ['sqs:SendMessage'], [props.releaseQueue.queueArn]);
    // The CMK-encrypted tables, bucket and queue share the data key.
    keys.dataKey.grant(this.pageRole, 'kms:Decrypt', 'kms:GenerateDataKey');
    this.secret.grantRead(this.pageRole);

    acknowledgeTracing(this.pageRole);
    acknowledgePrefixes(this.pageRole, bucket, [[MAIL_PREFIXES.inbound, HELD_MAIL_REASON]]);
  }

  private grantExpiry(props: ConfirmationFunctionProps): void {
    const { bucket, tables, keys } = props;
    const allow = statementAdder(this.expiryRole);
    // Lapsed and stuck holds have no key in common to query by; the table is small, the sweep hourly.
    allow('FindLapsedHolds', ['dynamodb:Scan'], [tables.holds.tableArn]);
    allow('DecideHold', ['dynamodb:UpdateItem'], [tables.holds.tableArn], decisionAttributesOnly);
    allow('AppendDecisions', ['dynamodb:GetItem', 'dynamodb:PutItem'], [tables.decisions.tableArn]);
    // Deleting lapsed held mail; whether a stuck release's message is still held (HeadObject).
    allowInboundMail(this.expiryRole, bucket);
    // A confirmed hold whose release never started is asked for again.
    allow('RequestRelease', ['sqs:SendMessage'], [props.releaseQueue.queueArn]);
    // The CMK-encrypted tables and queue; no object is read or written.
    keys.dataKey.grant(this.expiryRole, 'kms:Decrypt', 'kms:GenerateDataKey');

    acknowledgeTracing(this.expiryRole);
    acknowledgePrefixes(this.expiryRole, bucket, [[MAIL_PREFIXES.inbound, HELD_MAIL_REASON]]);
  }
}

/** Why the roles' object wildcard on `inbound/` is as narrow as it can be (cdk-nag IAM5). */
const HELD_MAIL_REASON =
  'Held raw mail is inbound/<address>/<SES message id>, known only per message; GetObject (for HeadObject) and DeleteObject only, on that prefix.';

const decisionAttributesOnly: iam.Conditions = {
  'ForAllValues:StringEquals': { 'dynamodb:Attributes': DECISION_ATTRIBUTES },
};

/** `allow(sid, actions, resources, conditions?)` on `role`'s own policy. */
function statementAdder(role: iam.Role) {
  return (sid: string, actions: string[], resources: string[], conditions?: iam.Conditions) =>
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({ sid, actions, resources, ...(conditions ? { conditions } : {}) }),
    );
}
