import { Validations } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { actionsOf, resources, statementsOf, synthDemo } from './synth.ts';

// One synthesis of the whole app with the AwsSolutions plugin registered, as `cdk synth` runs it:
// an unacknowledged finding makes synthesis throw here.
const { app, stack, template } = synthDemo({}, true);
const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(stack);

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) =>
        Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({
          path: c.node.path,
          id,
          reason,
        })),
      ),
  );
}

describe('cdk-nag AwsSolutions over the whole app', () => {
  it('synthesizes with the plugin registered', () => {
    expect(() => app.synth({ force: true })).not.toThrow();
  });

  it('leaves zero unacknowledged findings, errors or warnings', () => {
    expect(
      report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.resourceLogicalId)}`),
    ).toEqual([]);
    expect(report.success).toBe(true);
    const annotations = Annotations.fromStack(stack);
    expect(annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'))).toEqual([]);
    expect(annotations.findError('*', Match.anyValue())).toEqual([]);
  });

  it('acknowledges only the pinned rules, each narrowly and with a reason', () => {
    const acks = acknowledgements(app);
    for (const ack of acks) expect(ack.reason.length).toBeGreaterThan(30);
    expect(
      acks
        .map(
          (a) =>
            // Logical ids lose their 8-character hash: `<MailRawMail1A2B3C4D.Arn>` -> `<MailRawMail>`.
            `${a.path.replace(/^Caveat\//, '')} ${a.id.replace(/<([A-Za-z0-9]+?)[0-9A-F]{8}\.Arn>/g, '<$1>')}`,
        )
        .sort(),
    ).toEqual([
      'AuditDigests/Role Annotation::AwsSolutions-IAM5[Resource::<AuditDigestsBucket>/audit-digests/*]',
      'BucketNotificationsHandler050a0587b7544547bf325f094a3db834 Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Confirmation/ExpiryRole Annotation::AwsSolutions-IAM5[Resource::*]',
      'Confirmation/ExpiryRole Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/inbound/*]',
      'Confirmation/PageRole Annotation::AwsSolutions-IAM5[Resource::*]',
      'Confirmation/PageRole Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/inbound/*]',
      'Confirmation/Secret Annotation::AwsSolutions-SMG4',
      'Inbound/DeadLetters Annotation::AwsSolutions-SQS3',
      'Ingest/Role Annotation::AwsSolutions-IAM5[Resource::*]',
      'Ingest/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/ciphertext/*]',
      'Ingest/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/inbound/*]',
      'Ingest/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/quarantine/*]',
      'Ingest/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/reports/*]',
      'Mail/AccessLogs Annotation::AwsSolutions-S1',
      'Portal/Api/ANY--confirm--{proxy+} Annotation::AwsSolutions-APIG4',
      'Portal/Api/DefaultRoute Annotation::AwsSolutions-APIG4',
      'Portal/Role Annotation::AwsSolutions-IAM5[Resource::*]',
      'Portal/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/ciphertext/*]',
      'Portal/Secret Annotation::AwsSolutions-SMG4',
      'Receiving/ActivationProvider/framework-onEvent Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Receiving/ActivationProvider/framework-onEvent Annotation::AwsSolutions-IAM5[Resource::<ReceivingActivationHandler>:*]',
      'Receiving/ActivationRole Annotation::AwsSolutions-IAM5[Resource::*]',
      'RetentionSweep/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/ciphertext/*]',
      'RetentionSweep/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/inbound/*]',
      'RetentionSweep/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/quarantine/*]',
      'RetentionSweep/Role Annotation::AwsSolutions-IAM5[Resource::<MailRawMail>/reports/*]',
    ]);
  });
});

describe('IAM across the stack', () => {
  const statements = Object.values(resources(template, 'AWS::IAM::Policy')).flatMap((p) => statementsOf(p));

  it('has no statement allowing Action "*" or a service wildcard', () => {
    for (const statement of statements) {
      for (const action of actionsOf(statement)) expect(action).not.toMatch(/^\*$|:\*$/);
    }
  });

  it('grants no data action (S3, DynamoDB, SQS, KMS, SNS) on Resource "*"', () => {
    const dataActions = /^(s3|dynamodb|sqs|kms|sns):/;
    for (const statement of statements) {
      const resourcesOf = Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];
      if (resourcesOf.includes('*')) {
        expect(actionsOf(statement).filter((a) => dataActions.test(a))).toEqual([]);
      }
    }
  });

  it('uses Resource "*" only for the activation role\'s two SES actions and the four functions\' two X-Ray actions', () => {
    const star = statements.filter((s) =>
      (Array.isArray(s.Resource) ? s.Resource : [s.Resource]).includes('*'),
    );
    expect(star.flatMap(actionsOf).sort()).toEqual([
      'ses:DescribeActiveReceiptRuleSet',
      'ses:SetActiveReceiptRuleSet',
      ...Array(4).fill('xray:PutTelemetryRecords'),
      ...Array(4).fill('xray:PutTraceSegments'),
    ]);
  });
});
