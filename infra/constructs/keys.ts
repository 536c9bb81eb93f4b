import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';

/** Encryption-context keys the message key accepts; `aws-crypto-public-key` is added by the AWS Encryption SDK's signing suites. */
export const MESSAGE_CONTEXT_KEYS = [
  'messageId',
  'classification',
  'mailbox',
  'aws-crypto-public-key',
] as const;
/** Classifications a protected message may carry in its encryption context. */
export const MESSAGE_CLASSIFICATIONS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;

/** Props of {@link CaveatKeys}. */
export interface CaveatKeysProps {
  /**
   * Prefix of the key aliases (`alias/<prefix>/data`, `alias/<prefix>/messages`).
   * @default 'caveat'
   */
  readonly aliasPrefix?: string;
  /**
   * What happens to the keys when the stack is deleted. Keys protect audit data and stored
   * mail, so they are kept unless told otherwise.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Waiting period before a scheduled key deletion takes effect.
   * @default Duration.days(30) (the maximum)
   */
  readonly pendingWindow?: Duration;
}

/**
 * The project's customer-managed KMS keys, both with yearly rotation:
 *
 * - `dataKey` encrypts data at rest: the raw-mail bucket, tables, queues, the alarm topic and
 *   log groups. Its policy keeps the account-root statement so IAM policies (the later
 *   Lambdas' grants through `bucket.grantRead(...)` and the like) decide who reads what, and
 *   adds narrow statements for the AWS services that write with it (SES, S3, CloudWatch, Logs).
 * - `messageKey` envelope-encrypts OFFICIAL-SENSITIVE message content under `ciphertext/`.
 *   It is a separate key because its policy has *no* account-root use statement: only the
 *   principals given {@link grantEncryptMessages} (the pipeline) may encrypt and only those given
 *   {@link grantDecryptMessages} (the portal) may decrypt, each only with an encryption context
 *   carrying `messageId` and `classification`. The pipeline must read raw mail (dataKey
 *   decrypt) but must never read protected content; one key could not express that.
 */
export class CaveatKeys extends Construct {
  /** Key for data at rest (bucket, tables, queues, topic, logs). */
  public readonly dataKey: kms.Key;
  /** Key for envelope encryption of protected messages; decrypt is portal-only. */
  public readonly messageKey: kms.Key;
  private grantCount = 0;

  constructor(scope: Construct, id: string, props: CaveatKeysProps = {}) {
    super(scope, id);
    const prefix = props.aliasPrefix ?? 'caveat';
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const pendingWindow = props.pendingWindow ?? Duration.days(30);

    this.dataKey = new kms.Key(this, 'DataKey', {
      description: 'Caveat: data at rest (raw mail, tables, queues, topic, logs)',
      alias: `alias/${prefix}/data`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow,
    });
    // CloudWatch Logs encrypts the project's log groups with the data key, only for log groups
    // of this account and region (the service puts the log-group ARN in the context).
    const stack = Stack.of(this);
    this.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchLogsOfThisAccount',
        principals: [new iam.ServicePrincipal(`logs.${stack.region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: {
          ArnLike: {
            'kms:EncryptionContext:aws:logs:arn': `arn:${stack.partition}:logs:${stack.region}:${stack.account}:log-group:*`,
          },
        },
      }),
    );

    // Administrators (the account, through IAM) manage the message key but cannot use it:
    // the key policy lists no cryptographic action for the account root.
    const adminPolicy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'KeyAdministration',
          principals: [new iam.AccountRootPrincipal()],
          actions: [
            'kms:Create*',
            'kms:Describe*',
            'kms:Enable*',
            'kms:List*',
            'kms:Put*',
            'kms:Update*',
            'kms:Revoke*',
            'kms:Disable*',
            'kms:Get*',
            'kms:Delete*',
            'kms:TagResource',
            'kms:UntagResource',
            'kms:ScheduleKeyDeletion',
            'kms:CancelKeyDeletion',
            'kms:RotateKeyOnDemand',
          ],
          resources: ['*'],
        }),
      ],
    });
    this.messageKey = new kms.Key(this, 'MessageKey', {
      description: `Caveat: protected message content (${stack.stackName}); encrypt pipeline, decrypt portal`,
      alias: `alias/${prefix}/messages`,
      enableKeyRotation: true,
      removalPolicy,
      pendingWindow,
      policy: adminPolicy,
    });
  }

  /**
   * Lets `grantee` (the pipeline) encrypt protected messages: `kms:Encrypt` and
   * `kms:GenerateDataKey`, only with an encryption context that has `messageId` and a valid
   * `classification`, and no keys beyond {@link MESSAGE_CONTEXT_KEYS}.
   */
  public grantEncryptMessages(grantee: iam.IGrantable): iam.PolicyStatement {
    return this.addMessageStatement('EncryptMessages', grantee, ['kms:Encrypt', 'kms:GenerateDataKey']);
  }

  /** Lets `grantee` (the portal only) decrypt protected messages, under the same context conditions. */
  public grantDecryptMessages(grantee: iam.IGrantable): iam.PolicyStatement {
    return this.addMessageStatement('DecryptMessages', grantee, ['kms:Decrypt']);
  }

  private addMessageStatement(sid: string, grantee: iam.IGrantable, actions: string[]): iam.PolicyStatement {
    const statement = new iam.PolicyStatement({
      sid: `${sid}${++this.grantCount}`,
      principals: [grantee.grantPrincipal],
      actions,
      resources: ['*'],
      conditions: {
        // Both keys must be present (ForAllValues alone is satisfied by an empty context) ...
        Null: {
          'kms:EncryptionContext:messageId': 'false',
          'kms:EncryptionContext:classification': 'false',
        },
        StringEquals: { 'kms:EncryptionContext:classification': [...MESSAGE_CLASSIFICATIONS] },
        // ... and no unexpected key may ride along.
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [...MESSAGE_CONTEXT_KEYS] },
      },
    });
    this.messageKey.addToResourcePolicy(statement);
    return statement;
  }
}
