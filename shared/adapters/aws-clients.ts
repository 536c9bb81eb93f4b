/**
 * Builds the AWS SDK clients the adapters take, from plain configuration, so that local
 * services (DynamoDB Local, an S3-compatible server, a local SES endpoint) are reached by
 * configuration alone. The SDK also honours `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>`
 * (e.g. `AWS_ENDPOINT_URL_DYNAMODB`) from the environment; an endpoint given here wins over them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { S3Client } from '@aws-sdk/client-s3';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESClient } from '@aws-sdk/client-ses';
import { SQSClient } from '@aws-sdk/client-sqs';

export type AwsService = 's3' | 'dynamodb' | 'ses' | 'kms' | 'secretsmanager' | 'sms' | 'lambda' | 'sqs';

export interface AwsClientsConfig {
  readonly region: string;
  /** One endpoint for every service (e.g. a single emulator). Default: the SDK's own resolution. */
  readonly endpoint?: string;
  /** Per-service endpoints, over `endpoint`: local services each listen on their own port. */
  readonly endpoints?: Readonly<Partial<Record<AwsService, string>>>;
  /** Path-style S3 URLs (`http://host/bucket/key`), which S3-compatible local servers need. Default false. */
  readonly s3ForcePathStyle?: boolean;
  /** A named profile from the shared AWS config files (the CLI). Default: the SDK's own resolution. */
  readonly profile?: string;
  /** Static credentials for local services. Default: the SDK's provider chain (the Lambda role). */
  readonly credentials?: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/** The settings every client shares, with the service's endpoint when one is configured. */
function common(config: AwsClientsConfig, service: AwsService) {
  const endpoint = config.endpoints?.[service] ?? config.endpoint;
  return {
    region: config.region,
    ...(endpoint ? { endpoint } : {}),
    ...(config.profile ? { profile: config.profile } : {}),
    ...(config.credentials ? { credentials: { ...config.credentials } } : {}),
  };
}

export function s3Client(config: AwsClientsConfig): S3Client {
  return new S3Client({ ...common(config, 's3'), forcePathStyle: config.s3ForcePathStyle ?? false });
}

/** The plain client; the DynamoDB adapters wrap it in a document client of their own. */
export function dynamoDbClient(config: AwsClientsConfig): DynamoDBClient {
  return new DynamoDBClient(common(config, 'dynamodb'));
}

export function sesClient(config: AwsClientsConfig): SESClient {
  return new SESClient(common(config, 'ses'));
}

export function secretsManagerClient(config: AwsClientsConfig): SecretsManagerClient {
  return new SecretsManagerClient(common(config, 'secretsmanager'));
}

/** Lambda, for invoking the extract-text function. */
export function lambdaClient(config: AwsClientsConfig): LambdaClient {
  return new LambdaClient(common(config, 'lambda'));
}

/** SQS, for sending release requests to the ingest function's queue. */
export function sqsClient(config: AwsClientsConfig): SQSClient {
  return new SQSClient(common(config, 'sqs'));
}

/** AWS End User Messaging SMS (the `sms-voice` v2 API). */
export function smsClient(config: AwsClientsConfig): PinpointSMSVoiceV2Client {
  return new PinpointSMSVoiceV2Client(common(config, 'sms'));
}

/**
 * KMS client settings rather than a client: the Encryption SDK's keyring builds its own client
 * per key region. The region here is a default; the keyring uses the key ARN's region.
 */
export function kmsClientConfig(config: AwsClientsConfig): KMSClientConfig {
  return common(config, 'kms');
}
