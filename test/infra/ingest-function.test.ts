import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { afterAll, describe, expect, it } from 'vitest';
import { readSettings } from '../../functions/ingest/settings.ts';
import { createCaveatApp } from '../../infra/caveat-app.ts';
import { ExtractTextFunction } from '../../infra/constructs/extract-text-function.ts';
import { IngestFunction } from '../../infra/constructs/ingest-function.ts';
import { CaveatKeys } from '../../infra/constructs/keys.ts';
import { InboundQueue } from '../../infra/constructs/queue.ts';
import { CaveatTables } from '../../infra/constructs/tables.ts';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import {
  actionsOf,
  configErrorOf,
  demoConfig,
  keyStatements,
  logicalId,
  PIPELINE_SETTINGS,
  resources,
  SKIP_BUNDLING,
  type Statement,
  statementsOf,
  synthDemo,
} from './synth.ts';

const { template, config } = synthDemo();
const fnId = logicalId(template, 'AWS::Lambda::Function', 'IngestFunction');
const fn = resources(template, 'AWS::Lambda::Function')[fnId]!.Properties!;
/** The ingest function's environment variables, as synthesized (tokens stay objects). */
function environmentOf(t: Template): Record<string, unknown> {
  const id = logicalId(t, 'AWS::Lambda::Function', 'IngestFunction');
  const props = resources(t, 'AWS::Lambda::Function')[id]!.Properties!;
  return (props.Environment as { Variables: Record<string, unknown> }).Variables;
}
const env = environmentOf(template);
const roleId = logicalId(template, 'AWS::IAM::Role', 'IngestRole');
const getAtt = (type: string, prefix: string) => ({
  'Fn::GetAtt': [logicalId(template, type, prefix), 'Arn'],
});
const tableArn = (name: string) => getAtt('AWS::DynamoDB::Table', `Tables${name}`);
const allStatements: Statement[] = Object.values(resources(template, 'AWS::IAM::Policy'))
  .filter((p) => JSON.stringify(p.Properties?.Roles) === JSON.stringify([{ Ref: roleId }]))
  .flatMap((p) => statementsOf(p));
/** What the role is allowed; the stack-wide Deny of audit changes is tested in audit-integrity.test.ts. */
const roleStatements = allStatements.filter((s) => s.Effect === 'Allow');
const resourcesOf = (s: Statement): unknown[] => (Array.isArray(s.Resource) ? s.Resource : [s.Resource]);
/** Actions the role has on a resource, as synthesized. */
const actionsOn = (resource: unknown): string[] =>
  roleStatements
    .filter((s) => resourcesOf(s).some((r) => JSON.stringify(r) === JSON.stringify(resource)))
    .flatMap(actionsOf)
    .sort();

const tempDirs: string[] = [];
function tempDir(prefix = 'caveat-packs-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});
function withPackFile(dir: string, name: string, text: string): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}
const candidatePack = JSON.stringify({ ...DWP_PACK, id: 'dwp-candidate', version: '2027.1.0-rc1' });
const withPack = (policyPack: string) => {
  const mailboxes = demoConfig().mailboxes.map((m, i) => (i === 1 ? { ...m, policyPack } : m));
  return { mailboxes };
};

describe('Construct: IngestFunction', () => {
  it('runs on Node.js 24 (explicitly) on arm64 with 1024 MB and the configured timeout', () => {
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.MemorySize).toBe(1024);
    expect(fn.Timeout).toBe(config.functionTimeoutSeconds);
    expect(fn.Handler).toBe('index.handler');
  });

  it('logs to its own log group, encrypted with the data key and with a retention', () => {
    const logsId = logicalId(template, 'AWS::Logs::LogGroup', 'IngestLogs');
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: logsId } });
    const group = resources(template, 'AWS::Logs::LogGroup')[logsId]!.Properties!;
    expect(group.KmsKeyId).toEqual(getAtt('AWS::KMS::Key', 'KeysDataKey'));
    expect(group.RetentionInDays).toBe(365);
  });

  it('sets every variable the function reads, from the config and the stack', () => {
    expect(env).toMatchObject({
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: 'caveat-ingest',
      POWERTOOLS_METRICS_NAMESPACE: 'Caveat',
      POWERTOOLS_LOG_LEVEL: 'INFO',
      CAVEAT_MAIL_BUCKET: { Ref: logicalId(template, 'AWS::S3::Bucket', 'MailRawMail') },
      CAVEAT_DECISIONS_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesdecisions') },
      CAVEAT_CONTACTS_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablescontacts') },
      CAVEAT_HOLDS_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesholds') },
      CAVEAT_PORTAL_LINKS_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesportallinks') },
      CAVEAT_IDEMPOTENCY_TABLE: { Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesidempotency') },
      CAVEAT_MESSAGE_KEY_ARN: getAtt('AWS::KMS::Key', 'KeysMessageKey'),
      CAVEAT_TRUSTED_PARTNERS: 'cambridgeshire.gov.uk',
      CAVEAT_PORTAL_BASE_URL: 'https://portal.caveat.example.gov.uk',
      CAVEAT_SECURITY_CONTACT: config.alarmEmail,
      CAVEAT_DMARC_REPORT_ADDRESS: 'dmarc-reports@caveat.example.gov.uk',
      CAVEAT_TLS_REPORT_ADDRESS: 'tls-reports@caveat.example.gov.uk',
      CAVEAT_AUDIT_YEARS: '6',
      CAVEAT_HOLD_DAYS: '28',
      CAVEAT_CONFIRM_DAYS: '14',
      CAVEAT_CONFIRM_BASE_URL: 'https://portal.caveat.example.gov.uk',
      CAVEAT_CITIZEN_REFERENCE_PATTERN: '\\b[A-Z]{2}-\\d{6}\\b',
      CAVEAT_LINK_TTL_HOURS: '720',
    });
    expect(JSON.parse(env.CAVEAT_MAILBOXES as string)).toEqual(
      config.mailboxes.map(({ address, teamMailbox, policyPack, welsh }) => ({
        address,
        teamMailbox,
        policyPack,
        ...(welsh ? { welsh } : {}),
      })),
    );
    expect(env.CAVEAT_MAILBOXES).not.toMatch(/\s/);
  });

  it('passes the function’s own settings check once deploy-time values are filled in', () => {
    const filled = Object.fromEntries(
      Object.entries(env).map(([name, value]) => [
        name,
        typeof value === 'string'
          ? value
          : name === 'CAVEAT_MESSAGE_KEY_ARN'
            ? 'arn:aws:kms:eu-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab'
            : `caveat-${name.toLowerCase().replace(/_/g, '-')}`,
      ]),
    );
    const settings = readSettings(filled);
    expect(settings.CAVEAT_MAILBOXES).toHaveLength(config.mailboxes.length);
    expect(settings.CAVEAT_TRUSTED_PARTNERS).toEqual(['cambridgeshire.gov.uk']);
  });

  it('consumes the inbound queue in batches of 5, reporting failures per message', () => {
    const mappings = Object.values(resources(template, 'AWS::Lambda::EventSourceMapping'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]?.Properties).toMatchObject({
      EventSourceArn: getAtt('AWS::SQS::Queue', 'InboundQueue'),
      FunctionName: { Ref: fnId },
      BatchSize: 5,
      MaximumBatchingWindowInSeconds: 5,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
    const queue = resources(template, 'AWS::SQS::Queue')[
      logicalId(template, 'AWS::SQS::Queue', 'InboundQueue')
    ];
    expect(queue?.Properties?.VisibilityTimeout).toBeGreaterThanOrEqual(6 * (fn.Timeout as number));
  });

  /** An ingest function over a queue sized for a 30 s function, with the timeout given. */
  function ingestWithTimeout(name: string, timeout: Duration): () => IngestFunction {
    const stack = new Stack(new App({ context: SKIP_BUNDLING }), name, { env: { region: 'eu-west-2' } });
    const keys = new CaveatKeys(stack, 'Keys');
    const bucket = new s3.Bucket(stack, 'Bucket');
    const alarmTopic = new sns.Topic(stack, 'Topic');
    const extractText = new ExtractTextFunction(stack, 'ExtractText', { encryptionKey: keys.dataKey });
    const inbound = new InboundQueue(stack, 'Inbound', {
      bucket,
      encryptionKey: keys.dataKey,
      alarmTopic,
      functionTimeout: Duration.seconds(30),
    });
    return () =>
      new IngestFunction(stack, 'Ingest', {
        bucket,
        inbound,
        tables: new CaveatTables(stack, 'Tables', { encryptionKey: new kms.Key(stack, 'K') }),
        keys,
        extractText,
        alarmTopic,
        ...PIPELINE_SETTINGS,
        timeout,
      });
  }

  it('refuses a queue whose visibility timeout is under 6 × the function timeout', () => {
    expect(ingestWithTimeout('Short', Duration.seconds(60))).toThrow(
      /visibility timeout 180s is less than 6 × function timeout 60s/,
    );
  });

  it('refuses a timeout that a message of slow documents could outlast', () => {
    // 25 s of sending documents plus the 25 s the last one may take to answer.
    expect(ingestWithTimeout('Quick', Duration.seconds(30))).toThrow(
      /timeout 30s must exceed the 50s a message's PDF and DOCX attachments may take to read/,
    );
  });
});

describe('Construct: IngestFunction permissions', () => {
  it('has its own role with no AWS managed or inline policies', () => {
    const role = resources(template, 'AWS::IAM::Role')[roleId]!.Properties!;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
    expect(fn.Role).toEqual({ 'Fn::GetAtt': [roleId, 'Arn'] });
  });

  const XRAY = ['xray:PutTelemetryRecords', 'xray:PutTraceSegments'];
  const isXray = (statement: Statement) => actionsOf(statement).every((a) => XRAY.includes(a));

  it('uses Resource "*" only for the two X-Ray actions, which have no resource-level permissions', () => {
    const star = roleStatements.filter((s) => resourcesOf(s).includes('*'));
    expect(star.flatMap(actionsOf).sort()).toEqual(XRAY);
  });

  it('uses no "*" action and no "*" resource on data', () => {
    expect(roleStatements.length).toBeGreaterThan(0);
    for (const statement of roleStatements.filter((s) => !isXray(s))) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/\*/);
      expect(resourcesOf(statement)).not.toContain('*');
      expect(statement.Effect).toBe('Allow');
    }
  });

  it('reads and removes inbound mail, writes quarantine and ciphertext, lists only inbound/', () => {
    const objects = (prefix: string) => ({
      'Fn::Join': ['', [getAtt('AWS::S3::Bucket', 'MailRawMail'), `/${prefix}/*`]],
    });
    expect(actionsOn(objects('inbound'))).toEqual(['s3:DeleteObject', 's3:GetObject']);
    expect(actionsOn(objects('quarantine'))).toEqual(['s3:PutObject']);
    expect(actionsOn(objects('ciphertext'))).toEqual(['s3:PutObject']);
    expect(actionsOn(objects('reports'))).toEqual(['s3:PutObject']);
    const list = roleStatements.filter((s) => actionsOf(s).includes('s3:ListBucket'));
    expect(list).toHaveLength(1);
    expect(list[0]?.Resource).toEqual(getAtt('AWS::S3::Bucket', 'MailRawMail'));
    expect(list[0]?.Condition).toEqual({ StringLike: { 's3:prefix': 'inbound/*' } });
    const s3Actions = roleStatements.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect([...new Set(s3Actions)].sort()).toEqual([
      's3:DeleteObject',
      's3:GetObject',
      's3:ListBucket',
      's3:PutObject',
    ]);
  });

  it('gives each table only the item actions the pipeline uses; decisions are append-only', () => {
    expect(actionsOn(tableArn('decisions'))).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(actionsOn(tableArn('contacts'))).toEqual(['dynamodb:GetItem']);
    // UpdateItem twice: issuing a confirmation and marking a release, each limited to its attributes.
    expect(actionsOn(tableArn('holds'))).toEqual([
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
      'dynamodb:UpdateItem',
    ]);
    const issuing = roleStatements.find((s) => s.Sid === 'IssueConfirmations');
    expect(issuing?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['holdKey', 'confirmationHash', 'decision'] },
    });
    expect(roleStatements.find((s) => s.Sid === 'MarkHoldsReleased')?.Condition).toEqual({
      'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['holdKey', 'releasedAt', 'decision'] },
    });
    const holdUpdates = roleStatements.filter(
      (s) =>
        actionsOf(s).includes('dynamodb:UpdateItem') &&
        JSON.stringify(s.Resource) === JSON.stringify(tableArn('holds')),
    );
    expect(holdUpdates.every((s) => s.Condition !== undefined)).toBe(true);
    expect(actionsOn(tableArn('portallinks'))).toEqual(['dynamodb:PutItem']);
    expect(actionsOn(tableArn('idempotency'))).toEqual([
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    const decisions = JSON.stringify(tableArn('decisions')['Fn::GetAtt'][0]);
    const touchingDecisions = roleStatements.filter((s) => JSON.stringify(s.Resource).includes(decisions));
    expect(touchingDecisions.flatMap(actionsOf)).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('decrypts and generates data keys with the data key, and only encrypts with the message key', () => {
    expect([...new Set(actionsOn(getAtt('AWS::KMS::Key', 'KeysDataKey')))]).toEqual([
      'kms:Decrypt',
      'kms:GenerateDataKey',
    ]);
    const messageKeyId = logicalId(template, 'AWS::KMS::Key', 'KeysMessageKey');
    expect(JSON.stringify(roleStatements)).not.toContain(messageKeyId);
    const granted = keyStatements(template, messageKeyId).filter(
      (s) => JSON.stringify(s.Principal) === JSON.stringify({ AWS: { 'Fn::GetAtt': [roleId, 'Arn'] } }),
    );
    expect(granted.flatMap(actionsOf).sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(granted[0]?.Condition?.Null).toEqual({
      'kms:EncryptionContext:messageId': 'false',
      'kms:EncryptionContext:classification': 'false',
    });
    for (const statement of keyStatements(template, messageKeyId)) {
      if (actionsOf(statement).some((a) => a.startsWith('kms:Decrypt') || a === 'kms:*')) {
        expect(JSON.stringify(statement.Principal)).not.toContain(roleId);
      }
    }
  });

  it('sends no texts unless an origination identity is configured', () => {
    expect(JSON.stringify(roleStatements)).not.toContain('sms-voice');
    expect(env.CAVEAT_SMS_ORIGINATION_IDENTITY).toBeUndefined();
  });

  it('sends raw mail only as the shared mailboxes, through the receiving domain’s identity', () => {
    const ses = roleStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(ses).toHaveLength(1);
    expect(actionsOf(ses[0]!)).toEqual(['ses:SendRawEmail']);
    expect(ses[0]?.Resource).toEqual({
      'Fn::Join': [
        '',
        [
          'arn:',
          { Ref: 'AWS::Partition' },
          ':ses:eu-west-2:',
          { Ref: 'AWS::AccountId' },
          `:identity/${config.receivingDomain}`,
        ],
      ],
    });
    expect(ses[0]?.Condition).toEqual({
      StringEquals: { 'ses:FromAddress': config.mailboxes.map((m) => m.address) },
    });
  });

  it('writes logs only to its own log group and consumes only the inbound queue', () => {
    const logs = roleStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('logs:')));
    expect(logs.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(logs.map((s) => s.Resource)).toEqual([getAtt('AWS::Logs::LogGroup', 'IngestLogs')]);
    const sqs = roleStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('sqs:')));
    expect(sqs.map((s) => s.Resource)).toEqual([getAtt('AWS::SQS::Queue', 'InboundQueue')]);
  });

  it('may invoke the extract-text function, no other, and is told its ARN', () => {
    const lambda = roleStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('lambda:')));
    expect(lambda).toEqual([
      expect.objectContaining({
        Action: 'lambda:InvokeFunction',
        Resource: getAtt('AWS::Lambda::Function', 'ExtractTextFunction'),
      }),
    ]);
    expect(env.CAVEAT_EXTRACT_TEXT_FUNCTION).toEqual(getAtt('AWS::Lambda::Function', 'ExtractTextFunction'));
  });

  it('uses only the services it needs', () => {
    const services = new Set(roleStatements.flatMap(actionsOf).map((a) => a.split(':')[0]));
    expect([...services].sort()).toEqual(['dynamodb', 'kms', 'lambda', 'logs', 's3', 'ses', 'sqs', 'xray']);
  });
});

describe('Construct: IngestFunction alarms and dashboard', () => {
  const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).map((a) => a.Properties!);
  const topic = { Ref: logicalId(template, 'AWS::SNS::Topic', 'ObservabilityAlarms') };

  it('alarms on an error rate over 1% across 15 minutes', () => {
    const rate = alarms.find((a) => JSON.stringify(a.Metrics ?? '').includes('errors / invocations'));
    expect(rate).toMatchObject({
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
    });
    const metrics = rate?.Metrics as {
      Id: string;
      MetricStat?: { Metric: { MetricName: string }; Period: number };
    }[];
    expect(
      metrics.filter((m) => m.MetricStat).map((m) => [m.MetricStat?.Metric.MetricName, m.MetricStat?.Period]),
    ).toEqual([
      ['Errors', 900],
      ['Invocations', 900],
    ]);
  });

  it('alarms on any throttle and any processing error', () => {
    expect(alarms).toContainEqual(
      expect.objectContaining({ MetricName: 'Throttles', Namespace: 'AWS/Lambda', Threshold: 0 }),
    );
    expect(alarms).toContainEqual(
      expect.objectContaining({
        MetricName: 'ProcessingErrors',
        Namespace: 'Caveat',
        Dimensions: [{ Name: 'service', Value: 'caveat-ingest' }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      }),
    );
  });

  it('sends every alarm and its recovery to the alarm topic', () => {
    // The DLQ alarm, the three of the function, malformed reports, the retention sweep's, the
    // confirmation function's two and the extract-text function's.
    expect(alarms).toHaveLength(9);
    for (const alarm of alarms) {
      expect(alarm.AlarmActions).toEqual([topic]);
      expect(alarm.OKActions).toEqual([topic]);
    }
  });

  it('draws messages by action, processing errors and latency, function errors, p99 duration, throttles', () => {
    const body = JSON.stringify(resources(template, 'AWS::CloudWatch::Dashboard'));
    for (const action of ['deliver', 'protect', 'hold', 'quarantine']) {
      expect(body).toContain(
        `\\"MessagesProcessed\\",\\"action\\",\\"${action}\\",\\"service\\",\\"caveat-ingest\\"`,
      );
    }
    for (const text of ['ProcessingErrors', 'ProcessingLatency', 'Errors', 'Throttles', 'Duration', 'p99']) {
      expect(body).toContain(text);
    }
  });
});

describe('Construct: IngestFunction policy pack files', () => {
  it('validates a custom pack file and points the mailbox at its bundled copy', () => {
    const file = withPackFile(tempDir(), 'dwp-candidate.json', candidatePack);
    const { template } = synthDemo(withPack(file));
    const variables = environmentOf(template);
    const mailboxes = JSON.parse(variables.CAVEAT_MAILBOXES as string) as { policyPack: string }[];
    expect(mailboxes.map((m) => m.policyPack)).toEqual(['dwp', 'policies/dwp-candidate.json', 'dwp']);
  });

  it.each([
    ['broken JSON', '{ "id": ', /not valid JSON/],
    ['an invalid pack', '{}', /policy pack .*empty\.json: id: /],
  ])('fails synth on %s, naming the mailbox and the file', (_what, text, why) => {
    const file = withPackFile(tempDir(), text === '{}' ? 'empty.json' : 'broken.json', text);
    const message = configErrorOf(() => synthDemo(withPack(file)));
    expect(message).toContain(
      `caveat config: mailboxes[1].policyPack (childrens.services@caveat.example.gov.uk): policy pack ${file}`,
    );
    expect(message).toMatch(why);
  });

  it('fails synth on a missing pack file', () => {
    expect(configErrorOf(() => synthDemo(withPack('packs/missing.json')))).toMatch(
      /mailboxes\[1\]\.policyPack \(childrens\.services@caveat\.example\.gov\.uk\): policy pack packs\/missing\.json: cannot read: no such file/,
    );
  });

  it('refuses two different pack files with the same file name', () => {
    const a = withPackFile(tempDir(), 'pack.json', candidatePack);
    const b = withPackFile(tempDir(), 'pack.json', candidatePack);
    const mailboxes = demoConfig().mailboxes.map((m, i) => ({ ...m, policyPack: i === 0 ? a : b }));
    expect(configErrorOf(() => synthDemo({ mailboxes, portal: { entitlements: {} } }))).toMatch(
      /mailboxes\[1\]\.policyPack .*same file name as .*both would be bundled as policies\/pack\.json/,
    );
  });

  it('refuses more mailboxes than the function’s 4 KB environment holds', () => {
    const mailboxes = Array.from({ length: 60 }, (_, i) => ({
      address: `shared.mailbox.${i}@caveat.example.gov.uk`,
      teamMailbox: `officers.team.${i}@dwp.example.gov.uk`,
      policyPack: 'dwp',
    }));
    expect(configErrorOf(() => synthDemo({ mailboxes, portal: { entitlements: {} } }))).toMatch(
      /caveat config: mailboxes: .* over Lambda's 4096/,
    );
  });
});

describe('Bundle (really built with the local esbuild)', () => {
  // Size is measured by `npm run bench:cold` (floor 1 MB), not asserted here.
  it('is one self-contained ESM file with the SDK inside and the custom pack file beside it', {
    timeout: 180_000,
  }, () => {
    const entry = new URL('../../functions/ingest/index.ts', import.meta.url);
    expect(existsSync(entry), 'functions/ingest/index.ts must exist to bundle').toBe(true);
    const file = withPackFile(tempDir(), 'dwp-candidate.json', candidatePack);
    const outdir = tempDir('caveat-cdk-out-');
    // No skip-bundling context here: NodejsFunction runs esbuild as `cdk synth` does.
    const { stack } = createCaveatApp({
      outdir,
      context: { caveat: { ...demoConfig(), ...withPack(file) } },
      nag: false,
    });
    // The asset key is the hash of the bundle's output; the bundle is staged in the app's outdir.
    const bundled = Template.fromStack(stack);
    const fn = resources(bundled, 'AWS::Lambda::Function')[
      logicalId(bundled, 'AWS::Lambda::Function', 'IngestFunction')
    ]?.Properties?.Code as { S3Key: string };
    const key = fn.S3Key;
    const assetDir = join(outdir, `asset.${key.replace(/\.zip$/, '')}`);
    const bundle = join(assetDir, 'index.mjs');
    const code = readFileSync(bundle, 'utf8');
    expect(code.slice(0, 200)).toContain('createRequire');
    // The AWS SDK is bundled and pinned, never imported from the runtime's copy.
    // (Minified import statements have no spaces; SDK error texts quoting `import "…"` do.)
    expect(/(?:\bfrom|\bimport\(?)["']@aws-sdk\//.test(code), 'imports @aws-sdk from the runtime').toBe(
      false,
    );
    expect(code.includes('SendRawEmail'), 'SES client bundled').toBe(true);
    // Documents are read by the extract-text function: no PDF or DOCX parser in this bundle.
    expect(code.includes('Invalid PDF structure'), 'pdf.js bundled').toBe(false);
    expect(code.includes('word/document.xml'), 'mammoth bundled').toBe(false);
    expect(existsSync(join(assetDir, 'index.mjs.map'))).toBe(true);
    expect(JSON.parse(readFileSync(join(assetDir, 'policies', 'dwp-candidate.json'), 'utf8')).id).toBe(
      'dwp-candidate',
    );
  });
});
