import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { readConfirmSettings } from '../../functions/confirm/settings.ts';
import { AUDIT_CHANGING_ACTIONS } from '../../infra/constructs/audit-integrity.ts';
import { ConfirmationFunction } from '../../infra/constructs/confirmation-function.ts';
import { CaveatKeys } from '../../infra/constructs/keys.ts';
import { CaveatTables } from '../../infra/constructs/tables.ts';
import { PIPELINE_ENVIRONMENT } from '../functions/pipeline-environment.ts';
import {
  actionsOf,
  keyStatements,
  logicalId,
  PIPELINE_SETTINGS,
  resources,
  type Statement,
  statementsOf,
  synthDemo,
} from './synth.ts';

const { template, config } = synthDemo();
const functions = resources(template, 'AWS::Lambda::Function');
const getAtt = (type: string, prefix: string) => ({
  'Fn::GetAtt': [logicalId(template, type, prefix), 'Arn'],
});
const tableArn = (name: string) => getAtt('AWS::DynamoDB::Table', `Tables${name}`);
const objects = (prefix: string) => ({
  'Fn::Join': ['', [getAtt('AWS::S3::Bucket', 'MailRawMail'), `/${prefix}/*`]],
});
const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

/** One of the two Lambdas: its properties, environment, role and what the role is allowed. */
function lambdaOf(prefix: 'ConfirmationPage' | 'ConfirmationExpiry') {
  const id = logicalId(template, 'AWS::Lambda::Function', prefix);
  const props = functions[id]!.Properties!;
  const roleId = (props.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
  const statements = Object.values(resources(template, 'AWS::IAM::Policy'))
    .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
    .flatMap((p) => statementsOf(p));
  const allowed = statements.filter((s) => s.Effect === 'Allow');
  return {
    id,
    props,
    roleId,
    env: (props.Environment as { Variables: Record<string, unknown> }).Variables,
    statements,
    allowed,
    /** Actions allowed on exactly this resource, sorted. */
    actionsOn: (resource: unknown) =>
      allowed
        .filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(resource)))
        .flatMap(actionsOf)
        .sort(),
    services: () => [...new Set(allowed.flatMap(actionsOf).map((a) => a.split(':')[0]))].sort(),
  };
}
const page = lambdaOf('ConfirmationPage');
const expiry = lambdaOf('ConfirmationExpiry');
const DECISION_ONLY = {
  'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['holdKey', 'decision', 'decidedAt'] },
};

describe('Construct: ConfirmationFunction', () => {
  it.each([
    [page, 'index.handler', 29, 512],
    [expiry, 'index.expire', 300, 512],
  ])('runs %#: one bundle, Node.js 24 on arm64, traced', (fn, handler, timeout, memory) => {
    expect(fn.props.Runtime).toBe('nodejs24.x');
    expect(fn.props.Architectures).toEqual(['arm64']);
    expect(fn.props.Handler).toBe(handler);
    expect(fn.props.Timeout).toBe(timeout);
    expect(fn.props.MemorySize).toBe(memory);
    expect(fn.props.TracingConfig).toEqual({ Mode: 'Active' });
  });

  it.each([
    [page, 'ConfirmationPageLogs'],
    [expiry, 'ConfirmationExpiryLogs'],
  ])('logs to its own log group, encrypted, kept a year (%#)', (fn, logs) => {
    const logsId = logicalId(template, 'AWS::Logs::LogGroup', logs);
    expect(fn.props.LoggingConfig).toEqual({ LogGroup: { Ref: logsId } });
    const group = resources(template, 'AWS::Logs::LogGroup')[logsId]!.Properties!;
    expect(group.KmsKeyId).toEqual(getAtt('AWS::KMS::Key', 'KeysDataKey'));
    expect(group.RetentionInDays).toBe(365);
    const logActions = fn.allowed.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logActions.map((s) => s.Resource)).toEqual([getAtt('AWS::Logs::LogGroup', logs)]);
  });

  it('gives both the tables, the bucket and the mailboxes’ languages, and nothing of the pipeline’s', () => {
    for (const fn of [page, expiry]) {
      expect(fn.env).toMatchObject({
        POWERTOOLS_SERVICE_NAME: 'caveat-confirm',
        CAVEAT_AUDIT_YEARS: String(config.retention.auditYears),
        CAVEAT_HOLDS_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesholds') },
        CAVEAT_DECISIONS_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesdecisions') },
        CAVEAT_MAIL_BUCKET: { Ref: logicalId(template, 'AWS::S3::Bucket', 'MailRawMail') },
      });
      const mailboxes = JSON.parse(fn.env.CAVEAT_MAILBOXES as string) as Record<string, unknown>[];
      expect(mailboxes).toEqual(config.mailboxes.map(({ address, welsh }) => ({ address, welsh })));
      expect(mailboxes.filter((m) => m.welsh).map((m) => m.address)).toEqual([
        'credyd.cynhwysol@caveat.example.gov.uk',
      ]);
      for (const pipelineOnly of [
        'CAVEAT_MESSAGE_KEY_ARN',
        'CAVEAT_EXTRACT_TEXT_FUNCTION',
        'CAVEAT_CONTACTS_TABLE',
        'CAVEAT_PORTAL_LINKS_TABLE',
        'CAVEAT_CONFIRM_SECRET',
      ]) {
        expect(fn.env[pipelineOnly]).toBeUndefined();
      }
    }
  });

  it('gives both the ingest queue to send releases to', () => {
    for (const fn of [page, expiry]) {
      expect(fn.env.CAVEAT_RELEASE_QUEUE_URL).toEqual({
        Ref: logicalId(template, 'AWS::SQS::Queue', 'InboundQueue'),
      });
    }
  });

  it('passes a configured published route, link base and reference pattern to the ingest, which sends and releases', () => {
    const custom = synthDemo({
      confirmBaseUrl: 'https://confirm.dwp.gov.uk',
      publishedContactRoute: 'https://www.gov.uk/universal-credit/contact',
      citizenReferencePattern: '\\b\\d{8}\\b',
    }).template;
    const variables = Object.entries(resources(custom, 'AWS::Lambda::Function'))
      .filter(([id]) => /^IngestFunction/.test(id))
      .map(([, f]) => (f.Properties!.Environment as { Variables: Record<string, unknown> }).Variables);
    expect(variables).toHaveLength(1);
    expect(variables[0]).toMatchObject({
      CAVEAT_CONFIRM_BASE_URL: 'https://confirm.dwp.gov.uk',
      CAVEAT_PUBLISHED_CONTACT_ROUTE: 'https://www.gov.uk/universal-credit/contact',
      CAVEAT_CITIZEN_REFERENCE_PATTERN: '\\b\\d{8}\\b',
    });
  });

  it('gives the page, and only the page, the generated secret, by ARN', () => {
    const secrets = resources(template, 'AWS::SecretsManager::Secret');
    const secretId = logicalId(template, 'AWS::SecretsManager::Secret', 'ConfirmationSecret');
    expect(secrets[secretId]!.Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secrets[secretId]!.Properties!.KmsKeyId).toEqual(getAtt('AWS::KMS::Key', 'KeysDataKey'));
    expect(secrets[secretId]!.Properties!.SecretString).toBeUndefined();
    expect(page.env.CAVEAT_CONFIRM_SECRET_ARN).toEqual({ Ref: secretId });
    expect(expiry.env.CAVEAT_CONFIRM_SECRET_ARN).toBeUndefined();
    const reading = page.allowed.filter(
      (s) => JSON.stringify(s.Resource) === JSON.stringify({ Ref: secretId }),
    );
    expect(reading.flatMap(actionsOf).sort()).toEqual([
      'secretsmanager:DescribeSecret',
      'secretsmanager:GetSecretValue',
    ]);
    expect(JSON.stringify(expiry.statements)).not.toContain(secretId);
  });

  it('passes each function’s own settings check once deploy-time values are filled in', () => {
    for (const fn of [page, expiry]) {
      const filled = Object.fromEntries(
        Object.entries(fn.env).map(([name, value]) => [
          name,
          typeof value === 'string'
            ? value
            : name.endsWith('_ARN')
              ? 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
              : name.endsWith('_URL')
                ? 'https://sqs.eu-west-2.amazonaws.com/111122223333/caveat-inbound'
                : `caveat-${name.toLowerCase().replace(/_/g, '-')}`,
        ]),
      );
      const settings = readConfirmSettings(filled);
      expect(settings.welshMailboxes.size).toBe(config.mailboxes.filter((m) => m.welsh).length);
      expect(settings.secret?.kind).toBe(fn === page ? 'secrets-manager' : undefined);
      expect(settings.releaseQueueUrl).toMatch(/^https:/);
    }
  });

  it('serves the page as ANY /confirm/{proxy+} on the portal’s HTTP API, the rest staying the portal’s', () => {
    const apiId = logicalId(template, 'AWS::ApiGatewayV2::Api', 'PortalApi');
    const routes = Object.values(resources(template, 'AWS::ApiGatewayV2::Route')).map((r) => r.Properties!);
    expect(routes.map((r) => r.RouteKey).sort()).toEqual(['$default', 'ANY /confirm/{proxy+}']);
    const confirm = routes.find((r) => r.RouteKey === 'ANY /confirm/{proxy+}')!;
    expect(confirm.ApiId).toEqual({ Ref: apiId });
    expect(confirm.AuthorizationType).toBe('NONE');
    const toPage = Object.entries(resources(template, 'AWS::ApiGatewayV2::Integration')).filter(([, i]) =>
      JSON.stringify(i.Properties!.IntegrationUri).includes(page.id),
    );
    expect(toPage).toHaveLength(1);
    expect(toPage[0]![1].Properties).toMatchObject({
      IntegrationType: 'AWS_PROXY',
      PayloadFormatVersion: '2.0',
    });
    expect(JSON.stringify(confirm.Target)).toContain(toPage[0]![0]);
    const invokers = Object.values(resources(template, 'AWS::Lambda::Permission'))
      .map((p) => p.Properties!)
      .filter((p) => JSON.stringify(p.FunctionName).includes(page.id));
    expect(invokers.map((p) => p.Principal)).toEqual(['apigateway.amazonaws.com']);
  });

  it('runs the sweep hourly from an EventBridge rule, retried twice, and nothing else invokes it', () => {
    const rules = Object.values(resources(template, 'AWS::Events::Rule'))
      .map((r) => r.Properties!)
      .filter((r) => JSON.stringify(r.Targets).includes(expiry.id));
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ ScheduleExpression: 'rate(1 hour)', State: 'ENABLED' });
    expect(rules[0]!.Targets).toEqual([
      expect.objectContaining({
        Arn: getAtt('AWS::Lambda::Function', 'ConfirmationExpiry'),
        RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 },
      }),
    ]);
    const invokers = Object.values(resources(template, 'AWS::Lambda::Permission'))
      .map((p) => p.Properties!)
      .filter((p) => JSON.stringify(p.FunctionName).includes(expiry.id));
    expect(invokers.map((p) => p.Principal)).toEqual(['events.amazonaws.com']);
  });

  it('alarms the alarm topic on any failed page or sweep invocation in an hour, and on recovery', () => {
    const topic = { Ref: logicalId(template, 'AWS::SNS::Topic', 'ObservabilityAlarms') };
    for (const fn of [page, expiry]) {
      const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm'))
        .map((a) => a.Properties!)
        .filter((a) => JSON.stringify(a.Dimensions ?? null).includes(fn.id));
      expect(alarms).toHaveLength(1);
      expect(alarms[0]).toMatchObject({
        MetricName: 'Errors',
        Namespace: 'AWS/Lambda',
        Period: 3600,
        Statistic: 'Sum',
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [topic],
        OKActions: [topic],
      });
    }
  });
});

describe('Construct: ConfirmationFunction permissions', () => {
  it.each([page, expiry])('has its own role with no managed or inline policies (%#)', (fn) => {
    const role = resources(template, 'AWS::IAM::Role')[fn.roleId]!.Properties!;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
    expect(page.roleId).not.toBe(expiry.roleId);
  });

  it.each([page, expiry])('uses no "*" action, and Resource "*" only for X-Ray (%#)', (fn) => {
    for (const statement of fn.allowed) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      if (resourcesOf(statement).includes('*')) expect(actionsOf(statement).sort()).toEqual(XRAY);
    }
  });

  it.each([page, expiry])('is denied changing audit entries, and may only append them (%#)', (fn) => {
    const denied = fn.statements.filter(
      (s) =>
        s.Effect === 'Deny' && JSON.stringify(s.Resource).includes(JSON.stringify(tableArn('decisions'))),
    );
    expect(denied.flatMap(actionsOf).sort()).toEqual([...AUDIT_CHANGING_ACTIONS].sort());
    expect(fn.actionsOn(tableArn('decisions'))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('lets the page find a hold by its link and decide it, and read no other table', () => {
    const holds = tableArn('holds');
    expect(page.actionsOn({ 'Fn::Join': ['', [holds, '/index/byConfirmation']] })).toEqual([
      'dynamodb:Query',
    ]);
    expect(page.actionsOn(holds)).toEqual(['dynamodb:UpdateItem']);
    expect(page.allowed.find((s) => s.Sid === 'DecideHold')?.Condition).toEqual(DECISION_ONLY);
    const dynamoResources = page.allowed
      .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
      .flatMap(resourcesOf)
      .map((r) => JSON.stringify(r));
    expect(new Set(dynamoResources)).toEqual(
      new Set([
        JSON.stringify(holds),
        JSON.stringify({ 'Fn::Join': ['', [holds, '/index/byConfirmation']] }),
        JSON.stringify(tableArn('decisions')),
      ]),
    );
  });

  it('lets the page see and remove held mail under inbound/, and write no object', () => {
    expect(page.actionsOn(objects('inbound'))).toEqual(['s3:DeleteObject', 's3:GetObject']);
    const s3Actions = page.allowed.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect([...new Set(s3Actions)].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket']);
    const list = page.allowed.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(list.map((s) => s.Condition)).toEqual([{ StringLike: { 's3:prefix': 'inbound/*' } }]);
    expect(list.map((s) => s.Resource)).toEqual([getAtt('AWS::S3::Bucket', 'MailRawMail')]);
  });

  it.each([page, expiry])(
    'lets it send release requests to the ingest queue, and to no other queue (%#)',
    (fn) => {
      const sqsStatements = fn.allowed.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
      expect(sqsStatements).toEqual([
        expect.objectContaining({
          Action: 'sqs:SendMessage',
          Resource: getAtt('AWS::SQS::Queue', 'InboundQueue'),
        }),
      ]);
    },
  );

  it('gives the page no message key, no mail to send and no function to invoke', () => {
    expect([...new Set(page.actionsOn(getAtt('AWS::KMS::Key', 'KeysDataKey')))]).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ]);
    const messageKeyId = logicalId(template, 'AWS::KMS::Key', 'KeysMessageKey');
    for (const fn of [page, expiry]) {
      for (const statement of keyStatements(template, messageKeyId))
        expect(JSON.stringify(statement.Principal)).not.toContain(fn.roleId);
    }
    expect(page.services()).toEqual(['dynamodb', 'kms', 'logs', 's3', 'secretsmanager', 'sqs', 'xray']);
  });

  it('lets the sweep scan holds, decide them, append audit entries, see and delete held mail: nothing more', () => {
    const holds = tableArn('holds');
    expect(expiry.actionsOn(holds)).toEqual(['dynamodb:Scan', 'dynamodb:UpdateItem']);
    expect(expiry.allowed.find((s) => s.Sid === 'DecideHold')?.Condition).toEqual(DECISION_ONLY);
    const dynamoResources = expiry.allowed
      .filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')))
      .flatMap(resourcesOf)
      .map((r) => JSON.stringify(r));
    expect(new Set(dynamoResources)).toEqual(
      new Set([JSON.stringify(holds), JSON.stringify(tableArn('decisions'))]),
    );
    expect(expiry.actionsOn(objects('inbound'))).toEqual(['s3:DeleteObject', 's3:GetObject']);
    const s3Actions = expiry.allowed.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect([...new Set(s3Actions)].sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:ListBucket']);
    expect([...new Set(expiry.actionsOn(getAtt('AWS::KMS::Key', 'KeysDataKey')))]).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ]);
    expect(expiry.services()).toEqual(['dynamodb', 'kms', 'logs', 's3', 'sqs', 'xray']);
  });
});

describe('Bundle (really built with the local esbuild)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('carries its templates and GOV.UK Frontend, and renders a page from them when imported', {
    timeout: 180_000,
  }, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'caveat-confirm-out-'));
    dirs.push(outdir);
    // Only this construct, so only its bundle is built (as `cdk synth` builds it, no skip context).
    const app = new App({ outdir });
    const stack = new Stack(app, 'ConfirmBundle', { env: { region: 'eu-west-2' } });
    const keys = new CaveatKeys(stack, 'Keys');
    const confirmation = new ConfirmationFunction(stack, 'Confirmation', {
      bucket: new s3.Bucket(stack, 'Bucket'),
      tables: new CaveatTables(stack, 'Tables', { encryptionKey: keys.dataKey }),
      keys,
      releaseQueue: new sqs.Queue(stack, 'Queue'),
      api: new apigw.HttpApi(stack, 'Api'),
      auditYears: PIPELINE_SETTINGS.auditYears,
      mailboxes: [{ address: 'uc@x.gov.uk', teamMailbox: 't@y.gov.uk', policyPack: 'dwp', welsh: true }],
    });
    const built = Template.fromStack(stack);
    const codeOf = (fn: Construct) =>
      (
        built.toJSON().Resources[stack.getLogicalId(fn.node.defaultChild as CfnElement)].Properties.Code as {
          S3Key: string;
        }
      ).S3Key;
    // One bundle, deployed twice.
    expect(codeOf(confirmation.page)).toBe(codeOf(confirmation.expiry));
    const assetDir = join(outdir, `asset.${codeOf(confirmation.page).replace(/\.zip$/, '')}`);
    for (const file of [
      'index.mjs',
      'views/confirm/confirm.njk',
      'views/shared/layout.njk',
      'govuk-frontend/govuk/template.njk',
      'govuk-frontend/govuk/govuk-frontend.min.css',
    ]) {
      expect(existsSync(join(assetDir, file)), file).toBe(true);
    }
    const printed = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(join(assetDir, 'index.mjs'))});
         const path = '/confirm/not-a-token';
         const r = await m.handler({ rawPath: path, rawQueryString: '', headers: {}, isBase64Encoded: false,
           requestContext: { http: { method: 'GET', path, sourceIp: '192.0.2.1' }, requestId: 'r' } });
         console.log(JSON.stringify({ status: r.statusCode, expire: typeof m.expire, body: r.body }));`,
      ],
      {
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'eu-west-2',
          AWS_ACCESS_KEY_ID: 'bundle-test',
          AWS_SECRET_ACCESS_KEY: 'bundle-test',
          ...PIPELINE_ENVIRONMENT,
          // A local secret: the deployed function reads its secret from Secrets Manager instead.
          CAVEAT_CONFIRM_SECRET: Buffer.alloc(32, 1).toString('base64'),
        },
      },
    );
    const result = JSON.parse(printed.trim().split('\n').at(-1) ?? '{}');
    expect(result).toMatchObject({ status: 404, expire: 'function' });
    expect(result.body).toContain('This link is not valid');
    expect(result.body).toContain('govuk-template');
  });
});
