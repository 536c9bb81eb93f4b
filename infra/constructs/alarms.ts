import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type { Construct } from 'constructs';

/**
 * An alarm raised by any datapoint above zero in one period (no data is fine), telling `topic`
 * when it fires and when it recovers.
 */
export function alarmOnAny(
  scope: Construct,
  id: string,
  props: { readonly description: string; readonly metric: cloudwatch.IMetric; readonly topic: sns.ITopic },
): cloudwatch.Alarm {
  const alarm = new cloudwatch.Alarm(scope, id, {
    alarmDescription: props.description,
    metric: props.metric,
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  alarm.addAlarmAction(new cwActions.SnsAction(props.topic));
  alarm.addOkAction(new cwActions.SnsAction(props.topic));
  return alarm;
}
