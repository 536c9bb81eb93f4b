import { describe, expect, it } from 'vitest';
import { SWEEP_OUTPUTS } from '../../bin/commands/retention.ts';
import { readRetentionSweepSettings } from '../../functions/retention-sweep/settings.ts';
import { AUDIT_CHANGING_ACTIONS } from '../../infra/constructs/audit-integrity.ts';
import { actionsOf, logicalId, resources, type Statement, statementsOf, synthDemo } from './synth.ts';

const { template, config } = synthDemo({
  retention: { rawMailDays: 31, quarantineDays: 91, ciphertextDays: 366, reportDays: 401 },
} as never);
const roleId = logicalId(template, 'AWS::IAM::Role', 'RetentionSweepRole');
const fnId = logicalId(template, 'AWS::Lambda::Function', 'RetentionSweepFunction');
const statements: Statement[] = Object.values(resources(template, 'AWS::IAM::Policy'))
  .filter((p) => JSON.stringify(p.Properties?.Roles).includes(`"${roleId}"`))
  .flatMap((p) => statementsOf(p));
const allows = statements.filter((s) => s.Effect === 'Allow');
const arnOf = (prefix: string) => ({
  'Fn::GetAtt': [logicalId(template, 'AWS::DynamoDB::Table', prefix), 'Arn'],
});
const bucketArn = { 'Fn::GetAtt': [logicalId(template, 'AWS::S3::Bucket', 'MailRawMail'), 'Arn'] };
const bySid = (sid: string) => allows.find((s) => s.Sid === sid);

describe('Retention sweep in the stack', () => {
  it('runs daily at 01:15 UTC, after the digest, on Node.js 24, arm64', () => {
    const fn = resources(template, 'AWS::Lambda::Function')[fnId]!.Properties!;
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.Timeout).toBe(900);
    const rules = Object.values(resources(template, 'AWS::Events::Rule')).filter((r) =>
      JSON.stringify(r.Properties?.Targets).includes(fnId),
    );
    expect(rules.map((r) => r.Properties?.ScheduleExpression)).toEqual(['cron(15 1 * * ? *)']);
  });

  it('alarms on any failed run', () => {
    const alarms = Object.values(resources(template, 'AWS::CloudWatch::Alarm')).filter((a) =>
      JSON.stringify(a.Properties?.Dimensions ?? null).includes(fnId),
    );
    expect(alarms).toHaveLength(1);
    expect(alarms[0]?.Properties).toMatchObject({
      MetricName: 'Errors',
      Period: 86_400,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(JSON.stringify(alarms[0]?.Properties?.AlarmActions)).toContain('ObservabilityAlarms');
  });

  it('is configured with the retention and mailboxes of the configuration', () => {
    const fn = resources(template, 'AWS::Lambda::Function')[fnId]!.Properties!;
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    const filled = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : 'deploy-time',
      ]),
    );
    const settings = readRetentionSweepSettings(filled);
    expect(settings).toMatchObject({
      CAVEAT_RAW_MAIL_DAYS: 31,
      CAVEAT_QUARANTINE_DAYS: 91,
      CAVEAT_CIPHERTEXT_DAYS: 366,
      CAVEAT_REPORT_DAYS: 401,
      CAVEAT_AUDIT_YEARS: config.retention.auditYears,
    });
    expect(settings.CAVEAT_MAILBOX_ADDRESSES).toEqual(config.mailboxes.map((m) => m.address));
  });

  it('may list only the four swept prefixes and delete only current objects under them', () => {
    expect(bySid('ListSweptPrefixes')).toMatchObject({
      Action: 's3:ListBucket',
      Resource: bucketArn,
      Condition: { StringEquals: { 's3:prefix': ['inbound/', 'quarantine/', 'ciphertext/', 'reports/'] } },
    });
    const deletes = bySid('DeleteSweptObjects');
    expect(deletes?.Action).toBe('s3:DeleteObject');
    const resourcesText = JSON.stringify(deletes?.Resource);
    for (const prefix of ['inbound/', 'quarantine/', 'ciphertext/', 'reports/'])
      expect(resourcesText).toContain(`/${prefix}*`);
    const s3Actions = allows.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect(s3Actions.sort()).toEqual(['s3:DeleteObject', 's3:ListBucket']);
  });

  it('deletes items only in the holds and links tables, found through their byMailbox indexes', () => {
    const dynamo = allows.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:')));
    expect(dynamo.map((s) => [s.Sid, actionsOf(s).sort()])).toEqual([
      ['FindHoldsAndLinks', ['dynamodb:Query']],
      ['DeleteHoldsAndLinks', ['dynamodb:DeleteItem']],
      ['AppendDecisions', ['dynamodb:GetItem', 'dynamodb:PutItem']],
    ]);
    expect(bySid('DeleteHoldsAndLinks')?.Resource).toEqual([
      arnOf('Tablesholds'),
      arnOf('Tablesportallinks'),
    ]);
    expect(JSON.stringify(bySid('FindHoldsAndLinks')?.Resource)).toMatch(
      /Tablesholds[^"]*".*\/index\/byMailbox.*Tablesportallinks[^"]*".*\/index\/byMailbox/,
    );
    expect(bySid('AppendDecisions')?.Resource).toEqual(arnOf('Tablesdecisions'));
  });

  it('is still denied changing or deleting audit entries', () => {
    const denies = statements.filter((s) => s.Effect === 'Deny');
    expect(denies).toHaveLength(1);
    expect(actionsOf(denies[0]!).sort()).toEqual([...AUDIT_CHANGING_ACTIONS].sort());
    expect(JSON.stringify(denies[0]?.Resource)).toContain(JSON.stringify(arnOf('Tablesdecisions')));
  });

  it('names the mail bucket and the holds and links tables in the stack outputs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(Object.values(SWEEP_OUTPUTS)));
    expect(outputs.MailBucketName?.Value).toEqual({
      Ref: logicalId(template, 'AWS::S3::Bucket', 'MailRawMail'),
    });
    expect(outputs.HoldsTableName?.Value).toEqual({
      Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesholds'),
    });
    expect(outputs.PortalLinksTableName?.Value).toEqual({
      Ref: logicalId(template, 'AWS::DynamoDB::Table', 'Tablesportallinks'),
    });
  });
});
