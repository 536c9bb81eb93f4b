import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { Observability } from '../../infra/constructs/observability.ts';
import { keyStatements, logicalId } from './synth.ts';

const app = new App();
const stack = new Stack(app, 'ObservabilityTest', { env: { region: 'eu-west-2' } });
const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
const observability = new Observability(stack, 'Observability', {
  encryptionKey: key,
  alarmEmail: 'ops@example.gov.uk',
});
observability.addInboundQueue(new sqs.Queue(stack, 'Q'), new sqs.Queue(stack, 'Dlq'));
const template = Template.fromStack(stack);

describe('Construct: Observability', () => {
  it('draws queue depth, queue age and DLQ depth', () => {
    const body = JSON.stringify(template.findResources('AWS::CloudWatch::Dashboard'));
    for (const metric of [
      'ApproximateNumberOfMessagesVisible',
      'ApproximateAgeOfOldestMessage',
      'Dead letters',
    ]) {
      expect(body).toContain(metric);
    }
  });

  it('encrypts the alarm topic with the key and lets only this account’s alarms use it', () => {
    template.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'Key'), 'Arn'] },
    });
    const cloudwatch = keyStatements(template, logicalId(template, 'AWS::KMS::Key', 'Key')).find((s) =>
      JSON.stringify(s.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(Object.keys(cloudwatch?.Condition ?? {}).sort()).toEqual(['ArnLike', 'StringEquals']);
  });
});
