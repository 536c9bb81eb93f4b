import {
  type CfnElement,
  DefaultStackSynthesizer,
  Duration,
  RemovalPolicy,
  Stack,
  Validations,
} from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as targets from 'aws-cdk-lib/aws-route53-targets';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { HostedZoneRef } from './receiving-domain.ts';

/** Where RFC 8461 §3.2 puts the policy file. */
export const MTA_STS_POLICY_PATH = '.well-known/mta-sts.txt';

/** Props of {@link MtaStsHost}. */
export interface MtaStsHostProps {
  /** `mta-sts.<domain>`. Required. */
  readonly host: string;
  /** The policy file's text. Required. */
  readonly policy: string;
  /** Zone the host name and the certificate's validation records go in. Required. */
  readonly hostedZone: HostedZoneRef;
  /**
   * Days CloudFront and S3 access logs are kept.
   * @default 400
   */
  readonly accessLogDays?: number;
  /**
   * Removal policy of the buckets. The policy file is regenerated on deploy, so nothing is lost.
   * @default RemovalPolicy.DESTROY
   */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * Serves the MTA-STS policy at `https://mta-sts.<domain>/.well-known/mta-sts.txt`: a private S3
 * bucket read only by this CloudFront distribution (origin access control), an ACM certificate
 * validated in the zone, HTTPS only with TLS 1.2 at least, access logs kept, and A/AAAA aliases.
 * CloudFront takes certificates from us-east-1 only, so this construct lives in a stack there.
 */
export class MtaStsHost extends Construct {
  public readonly bucket: s3.Bucket;
  public readonly logBucket: s3.Bucket;
  public readonly certificate: acm.Certificate;
  public readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: MtaStsHostProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.DESTROY;
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZone.id,
      zoneName: props.hostedZone.name,
    });

    // CloudFront standard logging writes with ACLs, so this bucket keeps object-writer ownership;
    // S3 access logs of the policy bucket arrive through its bucket policy.
    this.logBucket = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      enforceSSL: true,
      versioned: true,
      removalPolicy,
      autoDeleteObjects: false,
      lifecycleRules: [
        {
          id: 'expire-access-logs',
          expiration: Duration.days(props.accessLogDays ?? 400),
          noncurrentVersionExpiration: Duration.days(1),
        },
      ],
    });
    Validations.of(this.logBucket).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the access-log target of the MTA-STS policy host; logging it into itself would loop.',
    });

    this.bucket = new s3.Bucket(this, 'Policy', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: 'policy-bucket/',
      removalPolicy,
    });

    this.certificate = new acm.Certificate(this, 'Certificate', {
      domainName: props.host,
      validation: acm.CertificateValidation.fromDns(zone),
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `Caveat MTA-STS policy for ${props.host}`,
      domainNames: [props.host],
      certificate: this.certificate,
      minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
      },
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: 'cloudfront/',
      priceClass: cloudfront.PriceClass.PRICE_CLASS_100,
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The MTA-STS policy must be readable by every sending mail server in the world (RFC 8461); a geo restriction would make senders there deliver without TLS enforcement.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'The distribution serves one public, static text file from a private bucket (GET/HEAD only); there is no application behind it for WAF rules to protect.',
      },
    );

    new s3deploy.BucketDeployment(this, 'PolicyFile', {
      sources: [s3deploy.Source.data(MTA_STS_POLICY_PATH, props.policy)],
      destinationBucket: this.bucket,
      contentType: 'text/plain; charset=utf-8',
      cacheControl: [s3deploy.CacheControl.maxAge(Duration.minutes(5))],
      prune: true,
      memoryLimit: 256,
      // No invalidation: it needs cloudfront:CreateInvalidation on "*". The file is cached for at
      // most the five minutes of its Cache-Control, and senders refetch only when the id changes.
    });
    acknowledgeBucketDeployment(this);

    const target = route53.RecordTarget.fromAlias(new targets.CloudFrontTarget(this.distribution));
    new route53.ARecord(this, 'Alias', { zone, recordName: `${props.host}.`, target });
    new route53.AaaaRecord(this, 'AliasIpv6', { zone, recordName: `${props.host}.`, target });
  }
}

/** The BucketDeployment custom resource's singleton function: CDK-managed, not ours to change. */
function acknowledgeBucketDeployment(host: MtaStsHost): void {
  const stack = Stack.of(host);
  const handler = stack.node.children.find((c) => c.node.id.startsWith('Custom::CDKBucketDeployment'));
  if (!handler) throw new Error('MtaStsHost: the BucketDeployment handler was not found');
  const policyBucket = stack.resolve(stack.getLogicalId(host.bucket.node.defaultChild as CfnElement));
  const qualifier = String(
    stack.node.tryGetContext('@aws-cdk/core:bootstrapQualifier') ?? DefaultStackSynthesizer.DEFAULT_QUALIFIER,
  );
  const copies =
    'CDK BucketDeployment handler: copies the policy file from the CDK asset bucket into the policy bucket and prunes old objects there; CDK grants';
  Validations.of(handler).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'CDK BucketDeployment handler: AWS managed basic-execution policy (logs only), set by CDK.',
    },
    {
      id: 'AwsSolutions-L1',
      reason: 'CDK BucketDeployment handler: its Python runtime is pinned by aws-cdk-lib and moves with it.',
    },
    ...['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${copies} ${action} on those two buckets only.`,
    })),
    {
      id: `AwsSolutions-IAM5[Resource::<${policyBucket}.Arn>/*]`,
      reason: `${copies} object actions on every key of the policy bucket, which holds only the policy file.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${qualifier}-assets-<AWS::AccountId>-${stack.region}/*]`,
      reason: `${copies} read access to the CDK bootstrap asset bucket, where the zipped policy file is staged under a content hash.`,
    },
  );
}
