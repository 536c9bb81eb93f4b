import { describe, expect, it } from 'vitest';
import { readDigestSettings } from '../../functions/audit-digest/settings.ts';
import { AUDIT_CHANGING_ACTIONS } from '../../infra/constructs/audit-integrity.ts';
import { actionsOf, logicalId, resources, type Statement, statementsOf, synthDemo } from './synth.ts';

const { template } = synthDemo({ retention: { auditYears: 7 } } as never);
const decisionsId = logicalId(template, 'AWS::DynamoDB::Table', 'Tablesdecisions');
const decisionsArn = { 'Fn::GetAtt': [decisionsId, 'Arn'] };
const policies = Object.values(resources(template, 'AWS::IAM::Policy'));
const statementsOfRole = (roleId: string): Statement[] =>
  policies
    .filter((p) => JSON.stringify(p.Properties?.Roles).includes(`"${roleId}"`))
    .flatMap((p) => statementsOf(p));
const touches = (s: Statement, arn: unknown) => JSON.stringify(s.Resource).includes(JSON.stringify(arn));

describe('Audit integrity in the stack', () => {
  const roles = Object.keys(resources(template, 'AWS::IAM::Role'));

  it.each(roles)('role %s is explicitly denied changing or deleting audit entries', (roleId) => {
    const denies = statementsOfRole(roleId).filter((s) => s.Effect === 'Deny' && touches(s, decisionsArn));
    expect(denies).toHaveLength(1);
    expect(actionsOf(denies[0]!).sort()).toEqual([...AUDIT_CHANGING_ACTIONS].sort());
  });

  it('allows no role to update or delete items in the decisions table', () => {
    const allows = policies
      .flatMap((p) => statementsOf(p))
      .filter((s) => s.Effect === 'Allow' && touches(s, decisionsArn));
    expect(allows.length).toBeGreaterThan(0);
    for (const statement of allows) {
      expect(actionsOf(statement).filter((a) => /Update|Delete|BatchWrite|PartiQL|\*/.test(a))).toEqual([]);
    }
  });

  it('keeps digests in a bucket with Object Lock in compliance mode for the audit retention', () => {
    const bucket = resources(template, 'AWS::S3::Bucket')[
      logicalId(template, 'AWS::S3::Bucket', 'AuditDigestsBucket')
    ]!.Properties!;
    expect(bucket.ObjectLockEnabled).toBe(true);
    expect(bucket.ObjectLockConfiguration).toEqual({
      ObjectLockEnabled: 'Enabled',
      Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 365 * 7 + 2 } },
    });
    expect(bucket.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(JSON.stringify(bucket.BucketEncryption)).toContain('aws:kms');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
  });

  it('runs the digest function daily at 00:30 UTC on Node.js 24, arm64', () => {
    const fnId = logicalId(template, 'AWS::Lambda::Function', 'AuditDigestsFunction');
    const fn = resources(template, 'AWS::Lambda::Function')[fnId]!.Properties!;
    expect(fn.Runtime).toBe('nodejs24.x');
    expect(fn.Architectures).toEqual(['arm64']);
    const rules = Object.values(resources(template, 'AWS::Events::Rule'))
      .map((r) => r.Properties!)
      .filter((r) => JSON.stringify(r.Targets).includes(fnId));
    expect(rules).toHaveLength(1);
    expect(rules[0]!.ScheduleExpression).toBe('cron(30 0 * * ? *)');
    const variables = (fn.Environment as { Variables: Record<string, unknown> }).Variables;
    const filled = Object.fromEntries(
      Object.entries(variables).map(([name, value]) => [
        name,
        typeof value === 'string' ? value : 'deploy-time-value',
      ]),
    );
    expect(readDigestSettings(filled).CAVEAT_DIGEST_LOOKBACK_DAYS).toBe(7);
  });

  it('lets the digest function touch only chain heads in the table, and write only digests', () => {
    const roleId = logicalId(template, 'AWS::IAM::Role', 'AuditDigestsRole');
    const allows = statementsOfRole(roleId).filter((s) => s.Effect === 'Allow');
    const onTable = allows.filter((s) => JSON.stringify(s.Resource) === JSON.stringify(decisionsArn));
    expect(onTable.flatMap(actionsOf).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
    expect(onTable[0]?.Condition).toEqual({
      'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['chain#*'] },
    });
    const query = allows.filter((s) => actionsOf(s).includes('dynamodb:Query'));
    expect(JSON.stringify(query)).toContain('/index/chainsByDay');
    expect(JSON.stringify(query)).toContain('/index/byChain');
    const s3 = allows.flatMap(actionsOf).filter((a) => a.startsWith('s3:'));
    expect(s3.sort()).toEqual(['s3:GetObject', 's3:ListBucket', 's3:PutObject']);
  });

  it('names the decisions table and the digest bucket in the stack outputs', () => {
    const outputs = template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.DecisionsTableName?.Value).toEqual({ Ref: decisionsId });
    expect(outputs.AuditDigestBucketName?.Value).toEqual({
      Ref: logicalId(template, 'AWS::S3::Bucket', 'AuditDigestsBucket'),
    });
  });
});
