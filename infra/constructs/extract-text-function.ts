import { Duration, type RemovalPolicy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EXTRACT_TEXT_WAIT_MS } from '../../shared/mail/document-text-wire.ts';
import { alarmOnAny } from './alarms.ts';
import { ownFunction } from './own-function.ts';

/** Props of {@link ExtractTextFunction}. */
export interface ExtractTextFunctionProps {
  /** Encrypts the function's log group (the data key). Required. */
  readonly encryptionKey: kms.IKey;
  /**
   * Memory. pdf.js parses on one thread and is CPU-bound; Lambda gives a full vCPU at 1,769 MB,
   * and a 4.5 MB document with its parsed objects fits well within it.
   * @default 1769
   */
  readonly memorySize?: number;
  /**
   * Function timeout; must stay under how long the pipeline waits for an answer
   * (`EXTRACT_TEXT_WAIT_MS`), so a slow document ends in the function's own timeout error.
   * @default Duration.seconds(20)
   */
  readonly timeout?: Duration;
  /** Topic told when an extraction fails in the function (a timeout, memory). @default none: no alarm */
  readonly alarmTopic?: sns.ITopic;
  /** Log retention. The logs hold kinds, sizes and flags, never text. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** What happens to the log group when the stack is deleted. @default RemovalPolicy.RETAIN */
  readonly logRemovalPolicy?: RemovalPolicy;
}

/**
 * The extract-text function: PDF and DOCX text for the pipeline, invoked synchronously by the
 * ingest function and the confirmation page with the document's bytes inline. It reads and
 * writes nothing: its role may only write its own (encrypted) log group, so the document
 * parsers run with no access to mail, tables or keys. Node.js 24 on arm64, bundled like every
 * other function. Not traced: tracing would add X-Ray permissions for no insight the
 * caller's trace of the invocation does not give.
 */
export class ExtractTextFunction extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly logGroup: logs.LogGroup;
  /** Any failed invocation within an hour, when an alarm topic is given. */
  public readonly errorAlarm?: cloudwatch.Alarm;

  constructor(scope: Construct, id: string, props: ExtractTextFunctionProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(20);
    if (timeout.toMilliseconds() >= EXTRACT_TEXT_WAIT_MS) {
      throw new Error(
        `ExtractTextFunction: timeout ${timeout.toSeconds()}s must be under the ${EXTRACT_TEXT_WAIT_MS / 1000}s the pipeline waits for an answer`,
      );
    }
    const created = ownFunction(this, {
      folder: 'extract-text',
      description: 'Caveat: the text of one PDF or DOCX attachment, for the pipeline to scan',
      roleDescription:
        'Caveat extract-text: read the text of a PDF or DOCX it is sent; no access to any data',
      encryptionKey: props.encryptionKey,
      timeout,
      memorySize: props.memorySize ?? 1769,
      environment: { POWERTOOLS_LOG_LEVEL: 'INFO' },
      logRetention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      ...(props.logRemovalPolicy ? { logRemovalPolicy: props.logRemovalPolicy } : {}),
    });
    this.function = created.fn;
    this.role = created.role;
    this.logGroup = created.logGroup;
    if (props.alarmTopic) {
      this.errorAlarm = alarmOnAny(this, 'Errors', {
        description:
          'Caveat extract-text: an extraction failed in the function (timeout or memory); the messages were protected as unscanned',
        metric: this.function.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }),
        topic: props.alarmTopic,
      });
    }
  }

  /** Lets `role` invoke this function, and no other function, version or alias. */
  public grantInvoke(role: iam.Role): void {
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeExtractText',
        actions: ['lambda:InvokeFunction'],
        resources: [this.function.functionArn],
      }),
    );
  }
}
