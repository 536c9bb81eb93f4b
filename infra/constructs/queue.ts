import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { alarmOnAny } from './alarms.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';

/** Props of {@link InboundQueue}. */
export interface InboundQueueProps {
  /** The raw-mail bucket whose `inbound/` ObjectCreated events feed the queue. Required. */
  readonly bucket: s3.IBucket;
  /** Customer-managed key for both queues (the data key; never `alias/aws/sqs`). Required. */
  readonly encryptionKey: kms.IKey;
  /** Topic the DLQ alarm notifies. Required. */
  readonly alarmTopic: sns.ITopic;
  /**
   * Timeout of the function that consumes the queue (the ingest function). The visibility timeout
   * is six times this, as AWS advises for Lambda event sources, so a message is not redelivered
   * while a (retried) invocation still holds it.
   * @default Duration.seconds(60)
   */
  readonly functionTimeout?: Duration;
  /**
   * Receives before a message moves to the DLQ.
   * @default 5
   */
  readonly maxReceiveCount?: number;
  /**
   * How long the DLQ keeps messages (the maximum, for investigation).
   * @default Duration.days(14)
   */
  readonly dlqRetention?: Duration;
}

/**
 * The inbound work queue: S3 ObjectCreated under `inbound/` → SQS, encrypted with the data
 * key, TLS-only, with an encrypted DLQ and an alarm when the DLQ holds anything.
 */
export class InboundQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly dlqAlarm: cloudwatch.Alarm;
  /** Visibility timeout applied (6 × function timeout). */
  public readonly visibilityTimeout: Duration;

  constructor(scope: Construct, id: string, props: InboundQueueProps) {
    super(scope, id);
    const functionTimeout = props.functionTimeout ?? Duration.seconds(60);
    this.visibilityTimeout = Duration.seconds(functionTimeout.toSeconds() * 6);

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      retentionPeriod: props.dlqRetention ?? Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: 'This queue is the dead-letter queue of the inbound queue; it needs no DLQ of its own.',
    });

    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      visibilityTimeout: this.visibilityTimeout,
      retentionPeriod: Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });

    props.bucket.addEventNotification(
      s3.EventType.OBJECT_CREATED,
      new ScopedQueueDestination(this.queue, props.encryptionKey),
      { prefix: MAIL_PREFIXES.inbound },
    );
    acknowledgeNotificationsHandler(Stack.of(this));

    this.dlqAlarm = alarmOnAny(this, 'DeadLettersNotEmpty', {
      description: 'Caveat: inbound messages failed processing 5 times and wait in the DLQ',
      metric: this.deadLetterQueue.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(1),
        statistic: cloudwatch.Stats.MAXIMUM,
      }),
      topic: props.alarmTopic,
    });
  }
}

/**
 * S3 → SQS destination, in place of `aws-s3-notifications.SqsDestination`, whose key grant names
 * the bucket ARN in the key policy: the bucket is encrypted with the same key, so that reference
 * is a circular dependency. Here the queue policy carries the bucket scope (`aws:SourceArn`) and
 * the key statement is scoped to this account and to use through SQS.
 */
class ScopedQueueDestination implements s3.IBucketNotificationDestination {
  private readonly queue: sqs.Queue;
  private readonly key: kms.IKey;
  constructor(queue: sqs.Queue, key: kms.IKey) {
    this.queue = queue;
    this.key = key;
  }
  public bind(_scope: Construct, bucket: s3.IBucket): s3.BucketNotificationDestinationConfig {
    const s3Service = new iam.ServicePrincipal('s3.amazonaws.com');
    this.queue.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowRawMailBucketEvents',
        principals: [s3Service],
        actions: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
        resources: [this.queue.queueArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': bucket.bucketArn },
          StringEquals: { 'aws:SourceAccount': Stack.of(this.queue).account },
        },
      }),
    );
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowS3EventsToEncryptedQueue',
        principals: [s3Service],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this.queue).account,
            'kms:ViaService': `sqs.${Stack.of(this.queue).region}.amazonaws.com`,
          },
        },
      }),
    );
    // Depending on the queue construct includes its policy, which S3 checks when the
    // notification configuration is written.
    return {
      arn: this.queue.queueArn,
      type: s3.BucketNotificationDestinationType.QUEUE,
      dependencies: [this.queue],
    };
  }
}

/** CDK's singleton S3 notifications handler (a framework function that writes the bucket's notification configuration). */
function acknowledgeNotificationsHandler(stack: Stack): void {
  const handler = stack.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
  if (!handler) return;
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
    reason: 'CDK BucketNotificationsHandler: AWS managed basic-execution policy (logs only), set by CDK.',
  });
}
