import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { domainRecordsOf } from '../../infra/config.ts';
import { MTA_STS_POLICY_PATH } from '../../infra/constructs/mta-sts-host.ts';
import { parseMtaStsTxt } from '../../shared/domain/mta-sts.ts';
import { actionsOf, resources, statementsOf, synthDemo } from './synth.ts';

const ZONE = { id: 'Z0123456789ABC', name: 'example.gov.uk' };
const DOMAIN = 'caveat.example.gov.uk';
const withZone = (domain: Record<string, unknown> = {}, nag = false) =>
  synthDemo({ domain: { hostedZone: ZONE, ...domain } } as never, nag);

type RecordSet = {
  Name: string;
  Type: string;
  ResourceRecords?: string[];
  HostedZoneId?: string;
  TTL?: string;
};
function recordSets(template: Template): RecordSet[] {
  return Object.values(resources(template, 'AWS::Route53::RecordSet')).map((r) => r.Properties as RecordSet);
}
const recordAt = (template: Template, name: string, type: string) =>
  recordSets(template).find((r) => r.Name === `${name}.` && r.Type === type);

describe('Construct: ReceivingDomain without a hosted zone', () => {
  const { template, mtaSts, config } = synthDemo();

  it('creates no DNS, no identity and no MTA-STS stack', () => {
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
    template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    expect(mtaSts).toBeUndefined();
  });

  it('outputs every record to create and the policy to serve', () => {
    const outputs = Object.values(template.findOutputs('*')).map((o) => String(o.Value));
    const expected = domainRecordsOf(config);
    expect(outputs).toEqual(
      expect.arrayContaining([
        `MX ${DOMAIN} 10 inbound-smtp.eu-west-2.amazonaws.com`,
        `TXT ${DOMAIN} "v=spf1 include:amazonses.com -all"`,
        `TXT _dmarc.${DOMAIN} "v=DMARC1; p=reject; rua=mailto:dmarc-reports@${DOMAIN}"`,
        `TXT _smtp._tls.${DOMAIN} "v=TLSRPTv1; rua=mailto:tls-reports@${DOMAIN}"`,
        `TXT _mta-sts.${DOMAIN} "v=STSv1; id=${expected.mtaStsPolicyId}"`,
        'version: STSv1 | mode: enforce | mx: inbound-smtp.eu-west-2.amazonaws.com | max_age: 1209600 | ',
      ]),
    );
  });
});

describe('Construct: ReceivingDomain with a hosted zone', () => {
  const { template, config, stack, mtaSts } = withZone();
  const records = domainRecordsOf(config);

  it('puts every record in the configured zone with a TTL', () => {
    for (const record of recordSets(template)) {
      expect(record.HostedZoneId).toBe(ZONE.id);
      expect(record.TTL).toBe('3600');
    }
  });

  it('points MX at SES inbound for the region', () => {
    expect(recordAt(template, DOMAIN, 'MX')?.ResourceRecords).toEqual([
      '10 inbound-smtp.eu-west-2.amazonaws.com',
    ]);
  });

  it('publishes SPF ending -all, DMARC p=reject with rua to Caveat, and TLS-RPT to Caveat', () => {
    expect(recordAt(template, DOMAIN, 'TXT')?.ResourceRecords).toEqual([
      '"v=spf1 include:amazonses.com -all"',
    ]);
    expect(recordAt(template, `_dmarc.${DOMAIN}`, 'TXT')?.ResourceRecords).toEqual([
      `"v=DMARC1; p=reject; rua=mailto:dmarc-reports@${DOMAIN}"`,
    ]);
    expect(recordAt(template, `_smtp._tls.${DOMAIN}`, 'TXT')?.ResourceRecords).toEqual([
      `"v=TLSRPTv1; rua=mailto:tls-reports@${DOMAIN}"`,
    ]);
  });

  it('takes the DMARC policy and extra report recipients from config', () => {
    const { template: quarantine } = withZone({
      dmarcPolicy: 'quarantine',
      additionalDmarcRua: ['dmarc-rua@dmarc.service.gov.uk'],
      additionalTlsRptRua: ['tls-rua@mailcheck.service.ncsc.gov.uk'],
    });
    expect(recordAt(quarantine, `_dmarc.${DOMAIN}`, 'TXT')?.ResourceRecords).toEqual([
      `"v=DMARC1; p=quarantine; rua=mailto:dmarc-reports@${DOMAIN},mailto:dmarc-rua@dmarc.service.gov.uk"`,
    ]);
    expect(recordAt(quarantine, `_smtp._tls.${DOMAIN}`, 'TXT')?.ResourceRecords).toEqual([
      `"v=TLSRPTv1; rua=mailto:tls-reports@${DOMAIN},mailto:tls-rua@mailcheck.service.ncsc.gov.uk"`,
    ]);
  });

  it('publishes an _mta-sts id that follows the policy', () => {
    const txt = recordAt(template, `_mta-sts.${DOMAIN}`, 'TXT')?.ResourceRecords?.[0] ?? '';
    expect(parseMtaStsTxt(JSON.parse(txt)).id).toBe(records.mtaStsPolicyId);
    const { template: testing } = withZone({ mtaStsMode: 'testing' });
    const changed = recordAt(testing, `_mta-sts.${DOMAIN}`, 'TXT')?.ResourceRecords?.[0] ?? '';
    expect(changed).not.toBe(txt);
  });

  it('creates the SES domain identity with Easy DKIM and its three CNAMEs in the zone', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: DOMAIN,
      DkimAttributes: { SigningEnabled: true },
    });
    expect(
      template.toJSON().Resources.DomainIdentityE179405D?.Properties?.DkimSigningAttributes,
    ).toBeUndefined();
    expect(recordSets(template).filter((r) => r.Type === 'CNAME')).toHaveLength(3);
  });

  it('deploys the policy host first, in us-east-1', () => {
    expect(mtaSts?.region).toBe('us-east-1');
    expect(stack.dependencies).toContain(mtaSts);
  });
});

describe('Construct: MtaStsHost', () => {
  const { app, mtaSts, config } = withZone();
  if (!mtaSts) throw new Error('expected the MTA-STS stack');
  const host = Template.fromStack(mtaSts);
  const records = domainRecordsOf(config);

  it('validates an ACM certificate for mta-sts.<domain> in the zone', () => {
    host.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: `mta-sts.${DOMAIN}`,
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: `mta-sts.${DOMAIN}`, HostedZoneId: ZONE.id }],
    });
  });

  it('serves over HTTPS only, TLS 1.2 or later, GET and HEAD, with access logs', () => {
    host.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: [`mta-sts.${DOMAIN}`],
        ViewerCertificate: Match.objectLike({
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        }),
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD'],
        }),
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('reads from a private, encrypted, TLS-only bucket through origin access control', () => {
    host.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    host.resourceCountIs('AWS::CloudFront::CloudFrontOriginAccessIdentity', 0);
    for (const bucket of Object.values(resources(host, 'AWS::S3::Bucket'))) {
      expect(bucket.Properties?.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(bucket.Properties?.BucketEncryption).toBeDefined();
    }
    const policies = Object.values(resources(host, 'AWS::S3::BucketPolicy')).flatMap((p) => statementsOf(p));
    const cloudfrontRead = policies.filter((s) =>
      JSON.stringify(s.Principal).includes('cloudfront.amazonaws.com'),
    );
    expect(cloudfrontRead.flatMap(actionsOf)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(cloudfrontRead[0]?.Condition)).toContain('AWS:SourceArn');
    expect(
      policies.some(
        (s) => s.Effect === 'Deny' && JSON.stringify(s.Condition).includes('aws:SecureTransport'),
      ),
    ).toBe(true);
  });

  it('uploads the policy file as text/plain, byte for byte the policy the _mta-sts id is derived from', () => {
    host.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'max-age=300' },
      Prune: true,
    });
    const assembly = app.synth({ force: true });
    const staged = readdirSync(assembly.directory)
      .filter((entry) => entry.startsWith('asset.'))
      .map((entry) => join(assembly.directory, entry, MTA_STS_POLICY_PATH))
      .filter((file) => existsSync(file));
    expect(staged).toHaveLength(1);
    expect(readFileSync(staged[0] ?? '', 'utf8')).toBe(records.mtaStsPolicy);
  });

  it('aliases mta-sts.<domain> (A and AAAA) to the distribution', () => {
    const aliases = recordSets(host).filter((r) => r.Name === `mta-sts.${DOMAIN}.`);
    expect(aliases.map((r) => r.Type).sort()).toEqual(['A', 'AAAA']);
  });
});

describe('cdk-nag AwsSolutions with a hosted zone', () => {
  const { app, stack, mtaSts } = withZone({}, true);

  function acknowledged(root: IConstruct): string[] {
    return root.node.findAll().flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) =>
          Object.entries(m.data as Record<string, string>).map(([id, reason]) => {
            expect(reason.length).toBeGreaterThan(30);
            return `${c.node.path.replace(/^Caveat-MtaSts\//, '').replace(/[0-9A-F]{32}256MiB/, '…')} ${id.replace(/<([A-Za-z]+?)[0-9A-F]{8}\.Arn>/g, '<$1>')}`;
          }),
        ),
    );
  }

  it('leaves no finding in either stack', () => {
    expect(() => app.synth({ force: true })).not.toThrow();
    for (const scope of [stack, mtaSts]) {
      if (!scope) throw new Error('expected both stacks');
      const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(scope);
      expect(report.violations.map((v) => v.ruleName)).toEqual([]);
      expect(Annotations.fromStack(scope).findError('*', Match.anyValue())).toEqual([]);
    }
  });

  it('acknowledges only the pinned rules on the policy host, each with a reason', () => {
    if (!mtaSts) throw new Error('expected the MTA-STS stack');
    expect(acknowledged(mtaSts).sort()).toEqual([
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Action::s3:Abort*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Action::s3:DeleteObject*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Action::s3:GetBucket*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Action::s3:GetObject*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Action::s3:List*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Resource::<MtaStsPolicy>/*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-us-east-1/*]',
      'Custom::CDKBucketDeployment… Annotation::AwsSolutions-L1',
      'MtaSts/AccessLogs Annotation::AwsSolutions-S1',
      'MtaSts/Distribution Annotation::AwsSolutions-CFR1',
      'MtaSts/Distribution Annotation::AwsSolutions-CFR2',
    ]);
  });

  it('adds no acknowledgement to the main stack', () => {
    expect(acknowledged(stack).filter((a) => a.startsWith('Domain'))).toEqual([]);
  });
});

describe('Dashboard: domain reports', () => {
  const { template } = synthDemo();
  const body = JSON.stringify(
    Object.values(resources(template, 'AWS::CloudWatch::Dashboard'))[0]?.Properties?.DashboardBody,
  );

  it('draws reports received by kind and result, and the failures they describe, from the handler’s metrics', () => {
    expect(body).toContain('Domain reports received (DMARC, TLS-RPT)');
    for (const metric of ['ReportsReceived', 'DmarcFailingMessages', 'TlsFailedSessions']) {
      expect(body).toContain(`\\"${metric}\\"`);
    }
    for (const label of ['DMARC parsed', 'DMARC malformed', 'TLS parsed', 'TLS malformed'])
      expect(body).toContain(label);
  });
});
