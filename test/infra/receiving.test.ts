import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it, vi } from 'vitest';
import { MailBucket } from '../../infra/constructs/mail-bucket.ts';
import { ACTIVATION_HANDLER, MailReceiving, ruleNameFor } from '../../infra/constructs/receiving.ts';
import { actionsOf, logicalId, resources, statementsOf, synthDemo } from './synth.ts';

const { template, config } = synthDemo();
const rules = Object.values(resources(template, 'AWS::SES::ReceiptRule'));
const bucketPolicyId = logicalId(template, 'AWS::S3::BucketPolicy', 'MailRawMailPolicy');
const rawId = logicalId(template, 'AWS::S3::Bucket', 'MailRawMail');

/** Runs the inline handler against a fake SES client. */
function activation(activeName: string | undefined) {
  const calls: { command: string; input: Record<string, unknown> }[] = [];
  class Command {
    readonly input: Record<string, unknown>;
    constructor(input: Record<string, unknown>) {
      this.input = input;
    }
  }
  class DescribeActiveReceiptRuleSetCommand extends Command {}
  class SetActiveReceiptRuleSetCommand extends Command {}
  const send = vi.fn(async (command: Command) => {
    calls.push({ command: command.constructor.name, input: command.input });
    return command instanceof DescribeActiveReceiptRuleSetCommand && activeName
      ? { Metadata: { Name: activeName } }
      : {};
  });
  const sdk = {
    SESClient: class {
      send = send;
    },
    DescribeActiveReceiptRuleSetCommand,
    SetActiveReceiptRuleSetCommand,
  };
  const module = { exports: {} as { handler: (event: unknown) => Promise<unknown> } };
  new Function('require', 'exports', 'module', ACTIVATION_HANDLER)(() => sdk, module.exports, module);
  const sets = () => calls.filter((c) => c.command === 'SetActiveReceiptRuleSetCommand').map((c) => c.input);
  return { handler: module.exports.handler, sets };
}
const event = (RequestType: string, replace = 'false', extra: Record<string, unknown> = {}) => ({
  RequestType,
  PhysicalResourceId: 'active-receipt-rule-set:caveat-inbound',
  ResourceProperties: { RuleSetName: 'caveat-inbound', ReplaceActiveRuleSet: replace },
  ...extra,
});

describe('Construct: MailReceiving', () => {
  it('creates the configured rule set with one rule per shared address, then one per reporting address', () => {
    template.hasResourceProperties('AWS::SES::ReceiptRuleSet', { RuleSetName: config.ruleSetName });
    expect(
      rules.map((r) => (r.Properties?.Rule as { Recipients: string[] } | undefined)?.Recipients),
    ).toEqual([
      ...config.mailboxes.map((m) => [m.address]),
      ['dmarc-reports@caveat.example.gov.uk'],
      ['tls-reports@caveat.example.gov.uk'],
    ]);
    expect(rules.at(-1)?.Properties?.Rule).toMatchObject({
      ScanEnabled: true,
      TlsPolicy: config.tlsPolicy,
      Actions: [
        {
          S3Action: {
            BucketName: { Ref: rawId },
            ObjectKeyPrefix: 'inbound/tls-reports@caveat.example.gov.uk/',
          },
        },
      ],
    });
  });

  it('scans for spam and viruses, applies the configured TLS policy, and writes under inbound/<address>/', () => {
    config.mailboxes.forEach((mailbox, index) => {
      expect(rules[index]?.Properties?.Rule).toEqual({
        Name: ruleNameFor(mailbox.address),
        Enabled: true,
        ScanEnabled: true,
        TlsPolicy: config.tlsPolicy,
        Recipients: [mailbox.address],
        Actions: [
          { S3Action: { BucketName: { Ref: rawId }, ObjectKeyPrefix: `inbound/${mailbox.address}/` } },
        ],
      });
    });
  });

  it('uses no SES client-side KMS option (the bucket encrypts server-side)', () => {
    expect(JSON.stringify(rules)).not.toContain('KmsKeyArn');
  });

  it('makes every rule depend on the bucket policy', () => {
    for (const rule of rules) expect(rule.DependsOn).toContain(bucketPolicyId);
  });

  it('activates the rule set after the rules, refusing replacement unless configured', () => {
    const [id, activationResource] = Object.entries(
      resources(template, 'Custom::SesActiveReceiptRuleSet'),
    )[0]!;
    expect(activationResource.Properties).toMatchObject({
      RuleSetName: { Ref: logicalId(template, 'AWS::SES::ReceiptRuleSet', 'ReceivingRuleSet') },
      ReplaceActiveRuleSet: 'false',
    });
    const ruleIds = Object.keys(resources(template, 'AWS::SES::ReceiptRule'));
    expect(template.toJSON().Resources[id].DependsOn).toEqual(expect.arrayContaining(ruleIds));
  });

  it('gives the activation function only the two SES actions (plus writing its own log group)', () => {
    const handlerId = logicalId(template, 'AWS::Lambda::Function', 'ReceivingActivationHandler');
    const handler = resources(template, 'AWS::Lambda::Function')[handlerId]!.Properties!;
    expect(handler.Runtime).toBe('nodejs24.x');
    expect(handler.Architectures).toEqual(['arm64']);
    const roleId = (handler.Role as { 'Fn::GetAtt': string[] })['Fn::GetAtt'][0]!;
    const role = resources(template, 'AWS::IAM::Role')[roleId]!.Properties!;
    expect(role.ManagedPolicyArns).toBeUndefined();
    expect(role.Policies).toBeUndefined();
    const policies = Object.values(resources(template, 'AWS::IAM::Policy')).filter((p) =>
      JSON.stringify(p.Properties?.Roles).includes(roleId),
    );
    const statements = policies.flatMap((p) => statementsOf(p)).filter((s) => s.Effect === 'Allow');
    const ses = statements.filter((s) => actionsOf(s).some((a) => a.startsWith('ses:')));
    expect(ses.flatMap(actionsOf).sort()).toEqual([
      'ses:DescribeActiveReceiptRuleSet',
      'ses:SetActiveReceiptRuleSet',
    ]);
    const others = statements.filter((s) => !ses.includes(s));
    expect(others.flatMap(actionsOf).sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
    expect(others[0]?.Resource).toEqual({
      'Fn::GetAtt': [logicalId(template, 'AWS::Logs::LogGroup', 'ReceivingActivationLogs'), 'Arn'],
    });
  });

  it('builds Require TLS and no activation when configured', () => {
    const app = new App();
    const stack = new Stack(app, 'ReceivingTest', { env: { region: 'eu-west-2', account: '111122223333' } });
    const mailBucket = new MailBucket(stack, 'Mail', {
      encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }),
      retention: {
        rawMailDays: 1,
        quarantineDays: 1,
        ciphertextDays: 1,
        noncurrentVersionDays: 1,
        accessLogDays: 1,
        reportDays: 1,
      },
    });
    new MailReceiving(stack, 'Receiving', {
      mailboxes: [{ address: 'a@x.gov.uk' }],
      mailBucket,
      ruleSetName: 'set',
      tlsPolicy: 'Require',
      activate: false,
    });
    const t = Template.fromStack(stack);
    t.hasResourceProperties('AWS::SES::ReceiptRule', { Rule: { TlsPolicy: 'Require', ScanEnabled: true } });
    t.resourceCountIs('Custom::SesActiveReceiptRuleSet', 0);
    t.resourceCountIs('AWS::Lambda::Function', 0);
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'ses.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '111122223333',
                'aws:SourceArn': {
                  'Fn::Join': [
                    '',
                    [
                      'arn:',
                      { Ref: 'AWS::Partition' },
                      ':ses:eu-west-2:111122223333:receipt-rule-set/set:receipt-rule/caveat-a-at-x.gov.uk',
                    ],
                  ],
                },
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('Activation handler', () => {
  it('activates our set when none is active', async () => {
    const { handler, sets } = activation(undefined);
    await handler(event('Create'));
    expect(sets()).toEqual([{ RuleSetName: 'caveat-inbound' }]);
  });

  it('refuses to replace another team’s active set', async () => {
    const { handler, sets } = activation('other-team');
    await expect(handler(event('Create'))).rejects.toThrow(/"other-team" is active.*replaceActiveRuleSet/);
    expect(sets()).toEqual([]);
  });

  it('replaces another active set when replaceActiveRuleSet is true', async () => {
    const { handler, sets } = activation('other-team');
    await handler(event('Create', 'true'));
    expect(sets()).toEqual([{ RuleSetName: 'caveat-inbound' }]);
  });

  it('treats our previous set name as ours on update', async () => {
    const { handler, sets } = activation('caveat-old');
    await handler(event('Update', 'false', { OldResourceProperties: { RuleSetName: 'caveat-old' } }));
    expect(sets()).toEqual([{ RuleSetName: 'caveat-inbound' }]);
  });

  it('deactivates on delete only while our set is active', async () => {
    const ours = activation('caveat-inbound');
    await ours.handler(event('Delete'));
    expect(ours.sets()).toEqual([{}]);
    const theirs = activation('other-team');
    await theirs.handler(event('Delete'));
    expect(theirs.sets()).toEqual([]);
  });
});
