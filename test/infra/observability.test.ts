import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { Observability } from '../../infra/constructs/observability.ts';
import { keyStatements, logicalId, resources, synthDemo } from './synth.ts';

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

describe('Construct: Observability, alarm on unreadable domain reports', () => {
  const { template: app } = synthDemo();
  const alarm = Object.values(resources(app, 'AWS::CloudWatch::Alarm'))
    .map((a) => a.Properties!)
    .find((a) => JSON.stringify(a.Metrics ?? '').includes('ReportsReceived'));
  const topic = { Ref: logicalId(app, 'AWS::SNS::Topic', 'ObservabilityAlarms') };

  it('fires on any malformed DMARC or TLS report within an hour, to the alarm topic and back', () => {
    expect(alarm).toMatchObject({
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'notBreaching',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    const metrics = alarm?.Metrics as {
      Expression?: string;
      MetricStat?: {
        Metric: { MetricName: string; Namespace: string; Dimensions: { Name: string; Value: string }[] };
        Period: number;
        Stat: string;
      };
    }[];
    expect(metrics.find((m) => m.Expression)?.Expression).toBe('FILL(dmarc, 0) + FILL(tls, 0)');
    const stats = metrics.flatMap((m) => (m.MetricStat ? [m.MetricStat] : []));
    expect(
      stats.map((s) => [
        s.Metric.Namespace,
        s.Metric.MetricName,
        Object.fromEntries(s.Metric.Dimensions.map((d) => [d.Name, d.Value])),
        s.Period,
        s.Stat,
      ]),
    ).toEqual(
      (['dmarc', 'tls-rpt'] as const).map((report) => [
        'Caveat',
        'ReportsReceived',
        { report, result: 'malformed', service: 'caveat-ingest' },
        3600,
        'Sum',
      ]),
    );
  });

  it('shows it on the dashboard with the ingest alarms', () => {
    const body = JSON.stringify(resources(app, 'AWS::CloudWatch::Dashboard'));
    const id = logicalId(app, 'AWS::CloudWatch::Alarm', 'ObservabilityReportsMalformed');
    expect(body).toContain(id);
  });
});
