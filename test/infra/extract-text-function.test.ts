import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, type CfnElement, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { afterAll, describe, expect, it } from 'vitest';
import { ExtractTextFunction } from '../../infra/constructs/extract-text-function.ts';
import { docxBytes, minimalPdf } from '../mail/mime-builder.ts';
import { actionsOf, logicalId, resources, SKIP_BUNDLING, statementsOf, synthDemo } from './synth.ts';

const { template } = synthDemo();
const fnId = logicalId(template, 'AWS::Lambda::Function', 'ExtractTextFunction');
const fn = resources(template, 'AWS::Lambda::Function')[fnId]!.Properties!;
const roleId = logicalId(template, 'AWS::IAM::Role', 'ExtractTextRole');
const getAtt = (type: string, prefix: string) => ({
  'Fn::GetAtt': [logicalId(template, type, prefix), 'Arn'],
});

describe('Construct: ExtractTextFunction', () => {
  it('runs on Node.js 24 (explicitly) on arm64 with a full vCPU of memory and a 20 s timeout', () => {
    expect(fn).toMatchObject({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 1769,
      Timeout: 20,
      Handler: 'index.handler',
    });
    expect(fn.Environment).toEqual({
      Variables: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'caveat-extract-text',
        POWERTOOLS_LOG_LEVEL: 'INFO',
      },
    });
    expect(fn.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('logs to its own log group, encrypted with the data key and with a retention', () => {
    const logsId = logicalId(template, 'AWS::Logs::LogGroup', 'ExtractTextLogs');
    expect(fn.LoggingConfig).toEqual({ LogGroup: { Ref: logsId } });
    const group = resources(template, 'AWS::Logs::LogGroup')[logsId]!.Properties!;
    expect(group.KmsKeyId).toEqual(getAtt('AWS::KMS::Key', 'KeysDataKey'));
    expect(group.RetentionInDays).toBe(365);
  });

  it('has a role of its own that may write its logs and do nothing else', () => {
    expect(fn.Role).toEqual(getAtt('AWS::IAM::Role', 'ExtractTextRole'));
    const role = resources(template, 'AWS::IAM::Role')[roleId]!.Properties!;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
    const statements = Object.values(resources(template, 'AWS::IAM::Policy'))
      .filter((p) => JSON.stringify(p.Properties?.Roles).includes(`"${roleId}"`))
      .flatMap((p) => statementsOf(p))
      .filter((s) => s.Effect === 'Allow');
    expect(statements).toHaveLength(1);
    expect(actionsOf(statements[0]!).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(statements[0]?.Resource).toEqual(getAtt('AWS::Logs::LogGroup', 'ExtractTextLogs'));
    // Not traced: no X-Ray permissions either.
    expect(fn.TracingConfig).toBeUndefined();
  });

  it('alarms on any failed invocation within an hour', () => {
    const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).filter((a) =>
      JSON.stringify(a.Properties?.Dimensions ?? null).includes(fnId),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      MetricName: 'Errors',
      Period: 3600,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(JSON.stringify(alarms[0]?.Properties?.AlarmActions)).toContain('ObservabilityAlarms');
  });

  it('refuses a timeout the pipeline would not wait for', () => {
    const stack = new Stack(new App({ context: SKIP_BUNDLING }), 'Slow', { env: { region: 'eu-west-2' } });
    expect(
      () =>
        new ExtractTextFunction(stack, 'ExtractText', {
          encryptionKey: new kms.Key(stack, 'Key'),
          timeout: Duration.seconds(25),
        }),
    ).toThrow(/timeout 25s must be under the 25s the pipeline waits/);
  });
});

describe('Bundle (really built with the local esbuild)', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('answers the text of a PDF and a DOCX, and refuses a bad request, when imported', {
    timeout: 180_000,
  }, () => {
    const outdir = mkdtempSync(join(tmpdir(), 'caveat-extract-text-out-'));
    dirs.push(outdir);
    const app = new App({ outdir });
    const stack = new Stack(app, 'ExtractTextBundle', { env: { region: 'eu-west-2' } });
    const extractText = new ExtractTextFunction(stack, 'ExtractText', {
      encryptionKey: new kms.Key(stack, 'Key'),
    });
    const built = Template.fromStack(stack).toJSON();
    const code = built.Resources[stack.getLogicalId(extractText.function.node.defaultChild as CfnElement)]
      .Properties.Code as { S3Key: string };
    const bundle = join(outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`, 'index.mjs');
    const request = (kind: string, bytes: Uint8Array) => ({
      kind,
      document: Buffer.from(bytes).toString('base64'),
      maxTextChars: 1000,
      maxDecodedBytes: 1024 * 1024,
    });
    const printed = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { handler } = await import(${JSON.stringify(bundle)});
         const pdf = await handler(${JSON.stringify(request('pdf', minimalPdf('Annual caseload review')))});
         const docx = await handler(${JSON.stringify(request('docx', docxBytes('Dear resident')))});
         const refused = await handler({ kind: 'xlsx' }).catch((e) => e.name + ': ' + e.message);
         console.log(JSON.stringify({ pdf, docx, refused }));`,
      ],
      // No AWS settings at all: the function needs none.
      { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', POWERTOOLS_LOG_LEVEL: 'ERROR' } },
    );
    const result = JSON.parse(printed.trim().split('\n').at(-1) ?? '{}');
    expect(result.pdf.flags).toEqual([]);
    expect(result.pdf.text).toContain('Annual caseload review');
    expect(result.docx).toEqual({ text: 'Dear resident', flags: [] });
    expect(result.refused).toMatch(/^ExtractTextRequestError: caveat extract-text: kind: Invalid option/);
  });
});
