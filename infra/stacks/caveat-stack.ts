import { Aspects, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { type CaveatConfig, domainRecordsOf } from '../config.ts';
import { AuditDigests, DenyAuditChanges } from '../constructs/audit-integrity.ts';
import { ConfirmationFunction } from '../constructs/confirmation-function.ts';
import { ExtractTextFunction } from '../constructs/extract-text-function.ts';
import { IngestFunction } from '../constructs/ingest-function.ts';
import { CaveatKeys } from '../constructs/keys.ts';
import { MailBucket } from '../constructs/mail-bucket.ts';
import { Observability } from '../constructs/observability.ts';
import { OfficerPortal } from '../constructs/officer-portal.ts';
import { InboundQueue } from '../constructs/queue.ts';
import { MailReceiving } from '../constructs/receiving.ts';
import { ReceivingDomain } from '../constructs/receiving-domain.ts';
import { RetentionSweep } from '../constructs/retention-sweep.ts';
import { CaveatTables } from '../constructs/tables.ts';

/** Props of {@link CaveatStack}. */
export interface CaveatStackProps extends StackProps {
  /** The validated configuration. Required. */
  readonly config: CaveatConfig;
}

/**
 * The Caveat infrastructure: the pipeline, the officer portal and the confirmation page.
 * Composes the constructs only.
 */
export class CaveatStack extends Stack {
  public readonly config: CaveatConfig;
  public readonly keys: CaveatKeys;
  public readonly mail: MailBucket;
  public readonly receiving: MailReceiving;
  public readonly observability: Observability;
  public readonly inbound: InboundQueue;
  public readonly tables: CaveatTables;
  public readonly extractText: ExtractTextFunction;
  public readonly ingest: IngestFunction;
  public readonly portal: OfficerPortal;
  public readonly confirmation: ConfirmationFunction;
  public readonly auditDigests: AuditDigests;
  public readonly domain: ReceivingDomain;
  public readonly retentionSweep: RetentionSweep;

  constructor(scope: Construct, id: string, props: CaveatStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    this.keys = new CaveatKeys(this, 'Keys', { aliasPrefix: config.stackName.toLowerCase() });
    this.mail = new MailBucket(this, 'Mail', {
      encryptionKey: this.keys.dataKey,
      retention: config.retention,
    });
    this.receiving = new MailReceiving(this, 'Receiving', {
      mailboxes: config.mailboxes,
      reportAddresses: [config.domain.dmarcReportAddress, config.domain.tlsReportAddress],
      mailBucket: this.mail,
      ruleSetName: config.ruleSetName,
      tlsPolicy: config.tlsPolicy,
      activate: config.activateRuleSet,
      replaceActiveRuleSet: config.replaceActiveRuleSet,
      logKey: this.keys.dataKey,
    });
    this.observability = new Observability(this, 'Observability', {
      encryptionKey: this.keys.dataKey,
      alarmEmail: config.alarmEmail,
      dashboardName: config.stackName,
    });
    this.inbound = new InboundQueue(this, 'Inbound', {
      bucket: this.mail.bucket,
      encryptionKey: this.keys.dataKey,
      alarmTopic: this.observability.alarmTopic,
      functionTimeout: Duration.seconds(config.functionTimeoutSeconds),
    });
    this.observability.addInboundQueue(this.inbound.queue, this.inbound.deadLetterQueue);
    this.tables = new CaveatTables(this, 'Tables', { encryptionKey: this.keys.dataKey });
    // PDF and DOCX text, read apart from the pipeline with no access to any data.
    this.extractText = new ExtractTextFunction(this, 'ExtractText', {
      encryptionKey: this.keys.dataKey,
      alarmTopic: this.observability.alarmTopic,
    });
    const pipeline = {
      bucket: this.mail.bucket,
      tables: this.tables,
      keys: this.keys,
      extractText: this.extractText,
      mailboxes: config.mailboxes,
      receivingDomain: config.receivingDomain,
      trustedPartnerDomains: config.trustedPartnerDomains,
      portalDomain: config.portalDomain,
      securityContact: config.securityContact,
      auditYears: config.retention.auditYears,
      holdDays: config.holdDays,
      confirmDays: config.confirmDays,
      portalLinkHours: config.portalLinkHours,
      confirmBaseUrl: config.confirmBaseUrl,
      ...(config.publishedContactRoute ? { publishedContactRoute: config.publishedContactRoute } : {}),
      citizenReferencePattern: config.citizenReferencePattern,
    };
    this.ingest = new IngestFunction(this, 'Ingest', {
      ...pipeline,
      inbound: this.inbound,
      alarmTopic: this.observability.alarmTopic,
      reportAddresses: { dmarc: config.domain.dmarcReportAddress, tlsRpt: config.domain.tlsReportAddress },
      ...(config.smsOriginationIdentityArn
        ? { smsOriginationIdentityArn: config.smsOriginationIdentityArn }
        : {}),
      timeout: Duration.seconds(config.functionTimeoutSeconds),
    });
    this.observability.addIngestFunction(this.ingest);
    this.portal = new OfficerPortal(this, 'Portal', {
      bucket: this.mail.bucket,
      tables: this.tables,
      keys: this.keys,
      portalDomain: config.portalDomain,
      entitlements: config.portal.entitlements,
      ...(config.portal.oidc ? { oidc: config.portal.oidc } : {}),
      ...(config.portal.cognitoDomainPrefix
        ? { cognitoDomainPrefix: config.portal.cognitoDomainPrefix }
        : {}),
      sessionMinutes: config.portal.sessionMinutes,
      auditYears: config.retention.auditYears,
    });
    // The confirmation page is a route of the portal's API: its links live on the portal domain.
    this.confirmation = new ConfirmationFunction(this, 'Confirmation', {
      bucket: this.mail.bucket,
      tables: this.tables,
      keys: this.keys,
      mailboxes: config.mailboxes,
      auditYears: config.retention.auditYears,
      releaseQueue: this.inbound.queue,
      api: this.portal.api,
      alarmTopic: this.observability.alarmTopic,
    });
    this.auditDigests = new AuditDigests(this, 'AuditDigests', {
      tables: this.tables,
      encryptionKey: this.keys.dataKey,
      retentionYears: config.retention.auditYears,
      accessLogBucket: this.mail.accessLogBucket,
    });
    this.retentionSweep = new RetentionSweep(this, 'RetentionSweep', {
      bucket: this.mail.bucket,
      tables: this.tables,
      encryptionKey: this.keys.dataKey,
      retention: config.retention,
      mailboxes: config.mailboxes.map((mailbox) => mailbox.address),
      auditYears: config.retention.auditYears,
      alarmTopic: this.observability.alarmTopic,
    });
    // What `caveat retention sweep --stack <name>` reads to find what it sweeps.
    new CfnOutput(this, 'MailBucketName', {
      value: this.mail.bucket.bucketName,
      description: 'The mail bucket',
    });
    new CfnOutput(this, 'HoldsTableName', {
      value: this.tables.holds.tableName,
      description: 'Held messages',
    });
    new CfnOutput(this, 'PortalLinksTableName', {
      value: this.tables.portalLinks.tableName,
      description: 'Officer portal links',
    });
    // Every role in the stack, including any function added later, is denied changing audit entries.
    Aspects.of(this).add(new DenyAuditChanges(this.tables.decisions));

    // What `caveat audit … --stack <name>` reads to find the log.
    new CfnOutput(this, 'DecisionsTableName', {
      value: this.tables.decisions.tableName,
      description: 'The audit log (decisions table)',
    });
    new CfnOutput(this, 'AuditDigestBucketName', {
      value: this.auditDigests.bucket.bucketName,
      description: 'Daily audit digests (Object Lock, compliance mode)',
    });
    this.domain = new ReceivingDomain(this, 'Domain', {
      domain: config.receivingDomain,
      records: domainRecordsOf(config),
      ...(config.domain.hostedZone ? { hostedZone: config.domain.hostedZone } : {}),
    });
  }
}
