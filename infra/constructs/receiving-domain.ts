import { CfnOutput, Duration } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as ses from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';
import { describeRecord, type ReceivingDomainRecords } from '../../shared/domain/receiving-records.ts';

/** A Route 53 public hosted zone, by id and name. */
export interface HostedZoneRef {
  readonly id: string;
  readonly name: string;
}

/** Props of {@link ReceivingDomain}. */
export interface ReceivingDomainProps {
  /** The receiving domain. Required. */
  readonly domain: string;
  /** The records to publish (from `receivingDomainRecords`). Required. */
  readonly records: ReceivingDomainRecords;
  /**
   * Zone to create the records in. Without it nothing is created in DNS: each record is a stack
   * output to copy into the zone by hand (`caveat domain records` prints the same list).
   * @default no zone: outputs only
   */
  readonly hostedZone?: HostedZoneRef;
  /**
   * TTL of every record.
   * @default Duration.hours(1)
   */
  readonly ttl?: Duration;
}

/**
 * The receiving domain's DNS to the government email standard. With a hosted zone: MX to SES
 * inbound, SPF, DMARC, TLS-RPT and the `_mta-sts` record, and the SES domain identity with Easy
 * DKIM and its three CNAMEs. Without one: stack outputs naming each record to create. The MTA-STS
 * policy host itself (CloudFront in us-east-1) is {@link MtaStsHost}'s.
 */
export class ReceivingDomain extends Construct {
  /** The SES identity, when a hosted zone is configured. */
  public readonly identity?: ses.EmailIdentity;

  constructor(scope: Construct, id: string, props: ReceivingDomainProps) {
    super(scope, id);
    const ttl = props.ttl ?? Duration.hours(1);
    if (!props.hostedZone) {
      props.records.records.forEach((record, index) => {
        new CfnOutput(this, `Record${index}`, {
          description: `Caveat: ${record.purpose} record to create in the receiving domain's DNS`,
          value: describeRecord(record),
        });
      });
      new CfnOutput(this, 'MtaStsPolicy', {
        description: `Caveat: serve this as text/plain at https://${props.records.mtaStsHost}/.well-known/mta-sts.txt`,
        value: props.records.mtaStsPolicy.replace(/\r\n/g, ' | '),
      });
      return;
    }
    const zone = route53.PublicHostedZone.fromPublicHostedZoneAttributes(this, 'Zone', {
      hostedZoneId: props.hostedZone.id,
      zoneName: props.hostedZone.name,
    });
    for (const record of props.records.records) {
      const common = { zone, recordName: `${record.name}.`, ttl, comment: `Caveat ${record.purpose}` };
      if (record.type === 'MX') {
        new route53.MxRecord(this, 'Mx', {
          ...common,
          values: record.values.map((value) => {
            const [priority, hostName] = value.split(' ');
            return { priority: Number(priority), hostName: hostName ?? '' };
          }),
        });
      } else {
        new route53.TxtRecord(this, `Txt-${record.purpose}`, { ...common, values: [...record.values] });
      }
    }
    this.identity = new ses.EmailIdentity(this, 'Identity', {
      identity: ses.Identity.domain(props.domain),
      dkimSigning: true,
    });
    this.identity.dkimRecords.forEach((dkim, index) => {
      new route53.CnameRecord(this, `Dkim${index + 1}`, {
        zone,
        recordName: dkim.name,
        domainName: dkim.value,
        ttl,
        comment: 'Caveat Easy DKIM',
      });
    });
  }
}
