import { type CfnElement, CustomResource, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ses from 'aws-cdk-lib/aws-ses';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { MAIL_PREFIXES, type MailBucket } from './mail-bucket.ts';

/** One shared address SES receives for. */
export interface ReceivingMailbox {
  /** The address, e.g. `universal.credit@caveat.example.gov.uk`. */
  readonly address: string;
}

/** Props of {@link MailReceiving}. */
export interface MailReceivingProps {
  /** The shared addresses; one receipt rule each. Required. */
  readonly mailboxes: readonly ReceivingMailbox[];
  /**
   * Reporting addresses (DMARC and TLS-RPT `rua`), received like the mailboxes; the pipeline
   * parses their mail as reports.
   * @default none
   */
  readonly reportAddresses?: readonly string[];
  /** Where SES writes raw mail (under `inbound/<address>/`). Required. */
  readonly mailBucket: MailBucket;
  /** Name of the receipt rule set this stack owns. Required (from config, default there `caveat-inbound`). */
  readonly ruleSetName: string;
  /**
   * TLS policy of every rule. UK government guidance is not to require inbound TLS (MTA-STS
   * protects the path) so mail from non-TLS senders is not bounced.
   * @default 'Optional'
   */
  readonly tlsPolicy?: 'Optional' | 'Require';
  /**
   * Activate the rule set on deploy through a custom resource.
   * @default true
   */
  readonly activate?: boolean;
  /**
   * Replace another rule set that is already active in the account and region. When false the
   * deploy fails with a message naming the active set, rather than silently cutting off
   * another team's mail.
   * @default false
   */
  readonly replaceActiveRuleSet?: boolean;
  /** Key for the activation function's log group (the data key). Required when `activate`. */
  readonly logKey?: kms.IKey;
  /**
   * Retention of the activation function's logs.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly logRetention?: logs.RetentionDays;
}

/** An SES receipt-rule S3 action with no side effects on the bucket policy. */
class DeliverToBucket implements ses.IReceiptRuleAction {
  private readonly bucketName: string;
  private readonly prefix: string;
  constructor(bucketName: string, prefix: string) {
    this.bucketName = bucketName;
    this.prefix = prefix;
  }
  public bind(): ses.ReceiptRuleActionConfig {
    return { s3Action: { bucketName: this.bucketName, objectKeyPrefix: this.prefix } };
  }
}

/** Receipt rule name for an address: SES allows letters, digits, `.`, `_`, `-` (64 max). */
export function ruleNameFor(address: string): string {
  return `caveat-${address.replace(/@/g, '-at-').replace(/[^A-Za-z0-9._-]/g, '-')}`.slice(0, 64);
}

/**
 * The activation handler (CommonJS, inline). Reads the active rule set first, refuses to
 * replace another one unless allowed, and on delete deactivates only if the set is still ours.
 * Uses the AWS SDK v3 bundled in the Lambda Node.js runtime.
 */
export const ACTIVATION_HANDLER = `
const { SESClient, DescribeActiveReceiptRuleSetCommand, SetActiveReceiptRuleSetCommand } = require('@aws-sdk/client-ses');
const ses = new SESClient({});
exports.handler = async (event) => {
  const props = event.ResourceProperties;
  const ours = props.RuleSetName;
  const previous = event.OldResourceProperties ? event.OldResourceProperties.RuleSetName : undefined;
  const described = await ses.send(new DescribeActiveReceiptRuleSetCommand({}));
  const active = described.Metadata ? described.Metadata.Name : undefined;
  if (event.RequestType === 'Delete') {
    if (active === ours) await ses.send(new SetActiveReceiptRuleSetCommand({}));
    return { PhysicalResourceId: event.PhysicalResourceId };
  }
  const isOurs = active === ours || (previous !== undefined && active === previous);
  if (active && !isOurs && props.ReplaceActiveRuleSet !== 'true') {
    throw new Error('Refusing to activate receipt rule set "' + ours + '": "' + active + '" is active in this account and region. Set replaceActiveRuleSet: true in the caveat config to replace it.');
  }
  if (active !== ours) await ses.send(new SetActiveReceiptRuleSetCommand({ RuleSetName: ours }));
  return { PhysicalResourceId: 'active-receipt-rule-set:' + ours, Data: { PreviouslyActive: active || '' } };
};
`;

/**
 * SES receiving: a receipt rule set with one rule per shared address (recipient = the
 * address, spam and virus scanning on, TLS policy from config, S3 action under
 * `inbound/<address>/`), the scoped SES write permissions on the bucket and key, and the
 * activation custom resource.
 *
 * The S3 action is built here rather than with `aws-ses-actions.S3`, which adds its own bucket
 * policy statement conditioned on the legacy `aws:Referer` key; our statement is scoped by
 * `aws:SourceAccount` and `aws:SourceArn` (see {@link MailBucket.allowSesDelivery}). Each rule
 * depends on the bucket policy because SES test-writes when the rule is created.
 */
export class MailReceiving extends Construct {
  public readonly ruleSet: ses.ReceiptRuleSet;
  /** Rules by address. */
  public readonly rules: ReadonlyMap<string, ses.ReceiptRule>;
  /** ARNs of the rules, in mailbox order. */
  public readonly ruleArns: readonly string[];
  /** The activation custom resource, when `activate`. */
  public readonly activation?: CustomResource;

  constructor(scope: Construct, id: string, props: MailReceivingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const tlsPolicy = props.tlsPolicy === 'Require' ? ses.TlsPolicy.REQUIRE : ses.TlsPolicy.OPTIONAL;

    this.ruleSet = new ses.ReceiptRuleSet(this, 'RuleSet', { receiptRuleSetName: props.ruleSetName });

    const addresses = [...props.mailboxes.map((m) => m.address), ...(props.reportAddresses ?? [])];
    const writers = addresses.map((address) => {
      const ruleName = ruleNameFor(address);
      return {
        address,
        ruleName,
        prefix: `${MAIL_PREFIXES.inbound}${address}/`,
        ruleArn: `arn:${stack.partition}:ses:${stack.region}:${stack.account}:receipt-rule-set/${props.ruleSetName}:receipt-rule/${ruleName}`,
      };
    });
    props.mailBucket.allowSesDelivery(writers);

    const rules = new Map<string, ses.ReceiptRule>();
    let previous: ses.ReceiptRule | undefined;
    for (const writer of writers) {
      const rule = new ses.ReceiptRule(this, `Rule-${writer.ruleName}`, {
        ruleSet: this.ruleSet,
        receiptRuleName: writer.ruleName,
        recipients: [writer.address],
        scanEnabled: true,
        tlsPolicy,
        enabled: true,
        actions: [new DeliverToBucket(props.mailBucket.bucket.bucketName, writer.prefix)],
        ...(previous ? { after: previous } : {}),
      });
      rule.node.addDependency(props.mailBucket.policy);
      rules.set(writer.address, rule);
      previous = rule;
    }
    this.rules = rules;
    this.ruleArns = writers.map((w) => w.ruleArn);

    if (props.activate ?? true) {
      this.activation = this.createActivation(props, [...rules.values()]);
    }
  }

  private createActivation(props: MailReceivingProps, rules: ses.ReceiptRule[]): CustomResource {
    if (!props.logKey) throw new Error('MailReceiving: logKey is required when activate is true');
    const retention = props.logRetention ?? logs.RetentionDays.ONE_YEAR;
    const logGroup = (name: string) =>
      new logs.LogGroup(this, name, {
        encryptionKey: props.logKey,
        retention,
        removalPolicy: RemovalPolicy.DESTROY,
      });

    const handlerLogs = logGroup('ActivationLogs');
    const role = new iam.Role(this, 'ActivationRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Caveat: activates the SES receipt rule set (describe + set active only)',
    });
    const sesStatement = new iam.PolicyStatement({
      sid: 'ActivateReceiptRuleSet',
      actions: ['ses:DescribeActiveReceiptRuleSet', 'ses:SetActiveReceiptRuleSet'],
      resources: ['*'],
    });
    role.addToPrincipalPolicy(sesStatement);
    handlerLogs.grantWrite(role);

    const handler = new lambda.Function(this, 'ActivationHandler', {
      description: 'Caveat: activate the SES receipt rule set without replacing another team’s',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      handler: 'index.handler',
      code: lambda.Code.fromInline(ACTIVATION_HANDLER),
      timeout: Duration.seconds(30),
      memorySize: 128,
      role,
      logGroup: handlerLogs,
    });

    const provider = new cr.Provider(this, 'ActivationProvider', {
      onEventHandler: handler,
      logGroup: logGroup('ProviderLogs'),
    });

    const activation = new CustomResource(this, 'ActiveRuleSet', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::SesActiveReceiptRuleSet',
      properties: {
        RuleSetName: this.ruleSet.receiptRuleSetName,
        ReplaceActiveRuleSet: String(props.replaceActiveRuleSet ?? false),
      },
    });
    // Activate after every rule exists; on delete, deactivate before the rules and set go.
    for (const rule of rules) activation.node.addDependency(rule);

    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'ses:DescribeActiveReceiptRuleSet and ses:SetActiveReceiptRuleSet support no resource-level permissions; the statement holds only these two actions.',
    });
    acknowledgeProviderFramework(provider, handler);
    return activation;
  }
}

/** The custom-resources Provider's own framework function: CDK-managed, not ours to change. */
function acknowledgeProviderFramework(provider: cr.Provider, handler: lambda.Function): void {
  const framework = provider.node.findChild('framework-onEvent');
  const stack = Stack.of(handler);
  const handlerId = stack.resolve(stack.getLogicalId(handler.node.defaultChild as CfnElement));
  Validations.of(framework).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK Provider framework function: AWS managed basic-execution policy (logs only), set by CDK.',
    },
    {
      id: `AwsSolutions-IAM5[Resource::<${handlerId}.Arn>:*]`,
      reason: 'CDK Provider framework may invoke any version of the one activation handler it fronts.',
    },
  );
}
