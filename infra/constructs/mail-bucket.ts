import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { MAIL_KEY_PREFIXES } from '../../shared/pipeline/mail-keys.ts';

/** Key prefixes of the raw-mail bucket (shared with the pipeline); lifecycle rules and IAM grants use them. */
export const MAIL_PREFIXES = MAIL_KEY_PREFIXES;

/**
 * What every bucket holding Caveat data has: SSE-KMS with `key` and S3 Bucket Keys, versioning,
 * all public access blocked, ACLs disabled, TLS-only access.
 */
export function protectedBucketProps(key: kms.IKey) {
  return {
    encryption: s3.BucketEncryption.KMS,
    encryptionKey: key,
    bucketKeyEnabled: true,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    versioned: true,
  } as const satisfies s3.BucketProps;
}

/**
 * Days after a prefix's retention that its lifecycle rule expires what is still there. The
 * retention sweep deletes (and records) each object on its retention day; lifecycle expiry is
 * unrecorded, so it waits this long and only catches what the sweep could not delete.
 */
export const LIFECYCLE_BACKSTOP_DAYS = 7;

/** Retention of the raw-mail bucket, in days. */
export interface MailRetention {
  /** Days under `inbound/`. */
  readonly rawMailDays: number;
  /** Days under `quarantine/`. */
  readonly quarantineDays: number;
  /** Days under `ciphertext/`. */
  readonly ciphertextDays: number;
  /** Days a noncurrent object version is kept. */
  readonly noncurrentVersionDays: number;
  /** Days server access logs are kept. */
  readonly accessLogDays: number;
  /** Days under `reports/` (DMARC and TLS report messages). */
  readonly reportDays: number;
}

/** One SES receipt rule that may write into the bucket. */
export interface SesWriter {
  /** `arn:aws:ses:REGION:ACCOUNT:receipt-rule-set/SET:receipt-rule/RULE`. */
  readonly ruleArn: string;
  /** Object key prefix the rule writes under; must start with `inbound/`. */
  readonly prefix: string;
}

/** Props of {@link MailBucket}. */
export interface MailBucketProps {
  /** Customer-managed key for SSE-KMS (the data key). Required: no default. */
  readonly encryptionKey: kms.Key;
  /** Retention per prefix. Required: comes from the validated config. */
  readonly retention: MailRetention;
  /**
   * Removal policy of both buckets. Raw mail is evidence, so it is kept.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The raw-mail bucket and its access-log bucket.
 *
 * SSE-KMS with the project's data key and S3 Bucket Keys; versioning; all public access
 * blocked; TLS-only bucket policy; server access logs to a separate bucket; lifecycle per
 * prefix from the retention config, {@link LIFECYCLE_BACKSTOP_DAYS} after the retention sweep
 * has deleted and recorded each object on its day. No Object Lock: SES cannot write to a bucket with a
 * default retention period. Encryption is the bucket's (server-side), not the SES S3 action's
 * own client-side KMS option, so every reader uses plain S3 GetObject.
 */
export class MailBucket extends Construct {
  /** The raw-mail bucket. */
  public readonly bucket: s3.Bucket;
  /** Target of the raw-mail bucket's server access logs. */
  public readonly accessLogBucket: s3.Bucket;
  private readonly encryptionKey: kms.Key;

  constructor(scope: Construct, id: string, props: MailBucketProps) {
    super(scope, id);
    // Access logs are delivered through the log bucket's policy (not ACLs), so both buckets can
    // enforce BucketOwnerEnforced. Set on this construct so it holds wherever it is used.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const r = props.retention;
    this.encryptionKey = props.encryptionKey;

    // Access-log target: S3 server access logging supports only SSE-S3 on the destination
    // bucket (the log delivery service cannot use a customer-managed key), so this bucket is
    // SSE-S3. Logs hold request metadata (keys, IPs), not message content.
    this.accessLogBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      removalPolicy,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(r.accessLogDays),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
    Validations.of(this.accessLogBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the server-access-log target; logging it into itself would loop.',
    });

    const prefixRule = (id: string, prefix: string, days: number): s3.LifecycleRule => ({
      id,
      prefix,
      expiration: Duration.days(days + LIFECYCLE_BACKSTOP_DAYS),
      noncurrentVersionExpiration: Duration.days(r.noncurrentVersionDays),
      abortIncompleteMultipartUploadAfter: Duration.days(1),
    });

    this.bucket = new s3.Bucket(this, 'RawMail', {
      ...protectedBucketProps(props.encryptionKey),
      serverAccessLogsBucket: this.accessLogBucket,
      serverAccessLogsPrefix: 'raw-mail/',
      removalPolicy,
      lifecycleRules: [
        prefixRule('expire-inbound', MAIL_PREFIXES.inbound, r.rawMailDays),
        prefixRule('expire-quarantine', MAIL_PREFIXES.quarantine, r.quarantineDays),
        prefixRule('expire-ciphertext', MAIL_PREFIXES.ciphertext, r.ciphertextDays),
        prefixRule('expire-reports', MAIL_PREFIXES.reports, r.reportDays),
        // Versions left behind anywhere else, and delete markers with no versions left.
        {
          id: 'expire-noncurrent-and-markers',
          noncurrentVersionExpiration: Duration.days(r.noncurrentVersionDays),
          expiredObjectDeleteMarker: true,
          abortIncompleteMultipartUploadAfter: Duration.days(1),
        },
      ],
    });
  }

  /** The bucket policy resource; SES receipt rules must depend on it (SES test-writes on create). */
  public get policy(): s3.BucketPolicy {
    const policy = this.bucket.policy;
    if (!policy) throw new Error('MailBucket: bucket policy missing (enforceSSL creates it)');
    return policy;
  }

  /**
   * Lets SES receipt rules write raw mail, written by hand rather than through
   * `aws-ses-actions.S3` (which scopes by the legacy `aws:Referer` key):
   *
   * - bucket policy, one statement per rule: principal `ses.amazonaws.com`, `s3:PutObject` on
   *   that rule's prefix only, `aws:SourceAccount` = this account, `aws:SourceArn` = that rule;
   * - data-key policy: with SSE-KMS default encryption S3 uses the key on behalf of the writer,
   *   so SES itself must be allowed `kms:GenerateDataKey*` (new data keys / S3 Bucket Keys) and
   *   `kms:Decrypt` (S3 needs it to reuse a bucket key and to complete multipart uploads),
   *   conditioned the same way plus `kms:ViaService` = S3 in this region.
   */
  public allowSesDelivery(writers: readonly SesWriter[]): void {
    if (writers.length === 0) return;
    const ses = new iam.ServicePrincipal('ses.amazonaws.com');
    writers.forEach((writer, index) => {
      if (!writer.prefix.startsWith(MAIL_PREFIXES.inbound)) {
        throw new Error(
          `MailBucket: SES may only write under ${MAIL_PREFIXES.inbound}, not ${writer.prefix}`,
        );
      }
      this.bucket.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: `AllowSesPut${index}`,
          principals: [ses],
          actions: ['s3:PutObject'],
          resources: [this.bucket.arnForObjects(`${writer.prefix}*`)],
          conditions: {
            StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': writer.ruleArn },
          },
        }),
      );
    });
    this.encryptionKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSesWriteRawMailViaS3',
        principals: [ses],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: {
          StringEquals: {
            'aws:SourceAccount': Stack.of(this).account,
            'aws:SourceArn': writers.map((w) => w.ruleArn),
            'kms:ViaService': `s3.${Stack.of(this).region}.amazonaws.com`,
          },
        },
      }),
    );
  }
}
