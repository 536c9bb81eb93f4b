import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { LIFECYCLE_BACKSTOP_DAYS } from '../../infra/constructs/mail-bucket.ts';
import { ruleNameFor } from '../../infra/constructs/receiving.ts';
import {
  actionsOf,
  dataKeyArn,
  keyStatements,
  logicalId,
  resources,
  type Statement,
  statementsOf,
  synthDemo,
} from './synth.ts';

const { template, config } = synthDemo();
const rawId = logicalId(template, 'AWS::S3::Bucket', 'MailRawMail');
const logsId = logicalId(template, 'AWS::S3::Bucket', 'MailAccessLogs');
const raw = resources(template, 'AWS::S3::Bucket')[rawId]!.Properties!;
const policyOf = (bucketId: string): Statement[] => {
  const policy = Object.values(resources(template, 'AWS::S3::BucketPolicy')).find(
    (p) => JSON.stringify(p.Properties?.Bucket) === JSON.stringify({ Ref: bucketId }),
  );
  return statementsOf(policy);
};
const ruleArn = (address: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:eu-west-2:',
      { Ref: 'AWS::AccountId' },
      `:receipt-rule-set/${config.ruleSetName}:receipt-rule/${ruleNameFor(address)}`,
    ],
  ],
});

describe('Construct: MailBucket', () => {
  it('encrypts raw mail with the data key (SSE-KMS) and S3 Bucket Keys', () => {
    expect(raw.BucketEncryption).toEqual({
      ServerSideEncryptionConfiguration: [
        {
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: dataKeyArn(template) },
          BucketKeyEnabled: true,
        },
      ],
    });
  });

  it('versions, blocks public access, enforces owner, logs access, and has no Object Lock', () => {
    expect(raw.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(raw.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(raw.LoggingConfiguration).toEqual({
      DestinationBucketName: { Ref: logsId },
      LogFilePrefix: 'raw-mail/',
    });
    expect(raw.ObjectLockEnabled).toBeUndefined();
    expect(raw.ObjectLockConfiguration).toBeUndefined();
  });

  it('expires each prefix after its configured retention, noncurrent versions too', () => {
    const rules = (raw.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    const expect3 = (prefix: string, days: number) =>
      expect(rules).toContainEqual(
        expect.objectContaining({
          Prefix: prefix,
          // The sweep deletes on the retention day; lifecycle is the later backstop.
          ExpirationInDays: days + LIFECYCLE_BACKSTOP_DAYS,
          NoncurrentVersionExpiration: { NoncurrentDays: config.retention.noncurrentVersionDays },
          Status: 'Enabled',
        }),
      );
    expect3('inbound/', config.retention.rawMailDays);
    expect3('quarantine/', config.retention.quarantineDays);
    expect3('ciphertext/', config.retention.ciphertextDays);
    expect3('reports/', config.retention.reportDays);
    expect(rules).toContainEqual(
      expect.objectContaining({
        ExpiredObjectDeleteMarker: true,
        NoncurrentVersionExpiration: { NoncurrentDays: 7 },
      }),
    );
  });

  it('denies every request not made over TLS, on both buckets', () => {
    for (const bucketId of [rawId, logsId]) {
      expect(policyOf(bucketId)).toContainEqual(
        expect.objectContaining({
          Effect: 'Deny',
          Action: 's3:*',
          Principal: { AWS: '*' },
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        }),
      );
    }
  });

  it('lets SES put objects only under each rule’s prefix, scoped by SourceAccount and SourceArn', () => {
    const ses = policyOf(rawId).filter((s) => JSON.stringify(s.Principal).includes('ses.amazonaws.com'));
    const addresses = [
      ...config.mailboxes.map((m) => m.address),
      config.domain.dmarcReportAddress,
      config.domain.tlsReportAddress,
    ];
    expect(ses).toHaveLength(addresses.length);
    addresses.forEach((address, index) => {
      expect(ses[index]).toMatchObject({
        Effect: 'Allow',
        Action: 's3:PutObject',
        Principal: { Service: 'ses.amazonaws.com' },
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [rawId, 'Arn'] }, `/inbound/${address}/*`]] },
        Condition: {
          StringEquals: {
            'aws:SourceAccount': { Ref: 'AWS::AccountId' },
            'aws:SourceArn': ruleArn(address),
          },
        },
      });
    });
  });

  it('uses no legacy aws:Referer condition anywhere', () => {
    expect(JSON.stringify(template.toJSON())).not.toMatch(/aws:Referer/i);
  });

  it('lets SES use the data key only through S3, for these receipt rules', () => {
    const statement = keyStatements(template, logicalId(template, 'AWS::KMS::Key', 'KeysDataKey')).find((s) =>
      JSON.stringify(s.Principal).includes('ses.amazonaws.com'),
    );
    expect(actionsOf(statement!).sort()).toEqual(['kms:Decrypt', 'kms:GenerateDataKey*']);
    expect(statement?.Condition).toEqual({
      StringEquals: {
        'aws:SourceAccount': { Ref: 'AWS::AccountId' },
        'aws:SourceArn': [
          ...config.mailboxes.map((m) => ruleArn(m.address)),
          ruleArn(config.domain.dmarcReportAddress),
          ruleArn(config.domain.tlsReportAddress),
        ],
        'kms:ViaService': 's3.eu-west-2.amazonaws.com',
      },
    });
  });

  it('keeps access logs SSE-S3 (the only encryption log delivery supports), private and expiring', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }],
      },
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: {
        Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: config.retention.accessLogDays })]),
      },
    });
  });

  it('retains both buckets when the stack is deleted', () => {
    for (const id of [rawId, logsId]) {
      expect((template.toJSON().Resources[id] as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
    }
  });
});
