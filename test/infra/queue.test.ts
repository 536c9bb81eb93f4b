import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { dataKeyArn, logicalId, resources, type Statement, statementsOf, synthDemo } from './synth.ts';

const { template, config } = synthDemo();
const queues = resources(template, 'AWS::SQS::Queue');
const inboundId = logicalId(template, 'AWS::SQS::Queue', 'InboundQueue');
const dlqId = logicalId(template, 'AWS::SQS::Queue', 'InboundDeadLetters');
const rawId = logicalId(template, 'AWS::S3::Bucket', 'MailRawMail');
const topicId = logicalId(template, 'AWS::SNS::Topic', 'ObservabilityAlarms');
const queuePolicy = (queueId: string): Statement[] => {
  const policy = Object.values(resources(template, 'AWS::SQS::QueuePolicy')).find(
    (p) => JSON.stringify(p.Properties?.Queues) === JSON.stringify([{ Ref: queueId }]),
  );
  return statementsOf(policy);
};

describe('Construct: InboundQueue', () => {
  it('encrypts both queues with the data key, not alias/aws/sqs', () => {
    expect(Object.keys(queues)).toHaveLength(2);
    for (const queue of Object.values(queues))
      expect(queue.Properties?.KmsMasterKeyId).toEqual(dataKeyArn(template));
  });

  it('dead-letters after at least 5 receives', () => {
    const redrive = queues[inboundId]?.Properties?.RedrivePolicy as {
      maxReceiveCount: number;
      deadLetterTargetArn: unknown;
    };
    expect(redrive.maxReceiveCount).toBeGreaterThanOrEqual(5);
    expect(redrive.deadLetterTargetArn).toEqual({ 'Fn::GetAtt': [dlqId, 'Arn'] });
  });

  it('sets the visibility timeout to at least 6 × the function timeout', () => {
    expect(queues[inboundId]?.Properties?.VisibilityTimeout).toBeGreaterThanOrEqual(
      6 * config.functionTimeoutSeconds,
    );
    expect(queues[inboundId]?.Properties?.VisibilityTimeout).toBe(360);
  });

  it('denies non-TLS access to both queues', () => {
    for (const id of [inboundId, dlqId]) {
      expect(queuePolicy(id)).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('lets only the raw-mail bucket send events, from inbound/ ObjectCreated', () => {
    const s3 = queuePolicy(inboundId).find((s) => JSON.stringify(s.Principal).includes('s3.amazonaws.com'));
    expect(s3?.Condition).toEqual({
      ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [rawId, 'Arn'] } },
      StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
    });
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: {
        QueueConfigurations: [
          {
            Events: ['s3:ObjectCreated:*'],
            Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'inbound/' }] } },
            QueueArn: { 'Fn::GetAtt': [inboundId, 'Arn'] },
          },
        ],
      },
    });
  });

  it('alarms to the encrypted, TLS-only topic when the DLQ is not empty', () => {
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [dlqId, 'QueueName'] } }],
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [{ Ref: topicId }],
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: dataKeyArn(template) });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: config.alarmEmail,
    });
  });
});
