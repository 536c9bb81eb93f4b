/**
 * Puts the pipeline together from its ports and settings: one route per shared mailbox with
 * that mailbox's policy pack, and the four action stages. The Lambda handler and local runs
 * call this with their own adapters; nothing here knows which.
 */
import { cardDetailsReply } from '../confirm/card-details-reply.ts';
import { releaseConfirmedHold } from '../confirm/release-held-message.ts';
import { requestConfirmation } from '../confirm/request-confirmation.ts';
import { detectAll } from '../detect/registry.ts';
import type { PolicyPack } from '../policy/pack.ts';
import { readReportMail } from '../reports/read-report-mail.ts';
import type { ReportKind } from '../reports/report-summary.ts';
import { checkSmsTemplate } from '../sms/sms-policy.ts';
import { APPROVED_SMS_TEMPLATE_IDS, CONFIRM_REQUEST_SMS, type SmsTemplate } from '../sms/sms-templates.ts';
import { classifyMessage, judgeUnreadable } from './classify.ts';
import type {
  AuditLog,
  Clock,
  ContactDirectory,
  ContactRegister,
  DocumentTextExtractor,
  HoldRegister,
  Mailer,
  MailStore,
  MessageEncryptor,
  NotificationLedger,
  PortalLinkStore,
  SmsSender,
  TokenSource,
} from './ports.ts';
import { type MailboxRoute, type ProcessDependencies, processInboundMail } from './process-inbound-mail.ts';
import { processReportMail } from './process-report-mail.ts';
import type { DetectFn } from './scan-mail.ts';
import { deliverStage } from './stages/deliver.ts';
import { holdStage } from './stages/hold.ts';
import { protectStage } from './stages/protect.ts';
import { quarantineStage } from './stages/quarantine.ts';

/** Days a citizen has to confirm a held message (DWP Email Policy 3.10) unless configured. */
export const DEFAULT_CONFIRM_DAYS = 14;
/** GOV.UK's page of ways to contact DWP: the published route a sender is pointed to. */
export const DEFAULT_PUBLISHED_ROUTE = 'https://www.gov.uk/contact-jobcentre-plus';

export interface PipelinePorts {
  readonly store: MailStore;
  readonly audit: AuditLog;
  readonly contacts: ContactRegister;
  readonly holds: HoldRegister;
  readonly links: PortalLinkStore;
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  readonly encryptor: MessageEncryptor;
  readonly clock: Clock;
  readonly tokens: TokenSource;
  /** Reads PDF and DOCX attachments' text: in process, or in a function of its own. */
  readonly documents: DocumentTextExtractor;
  /** The validated-contacts register's lookups, for confirming held messages (3.10). */
  readonly directory: ContactDirectory;
  /** Absent when no SMS channel is configured: citizens with only a mobile are then not asked. */
  readonly sms?: SmsSender;
}

export interface PipelineMailbox {
  readonly address: string;
  readonly teamMailbox: string;
  readonly pack: PolicyPack;
  /** Answers citizens in Welsh and English (DWP Email Policy 3.9). Default false. */
  readonly welsh?: boolean;
}

export interface PipelineSettings {
  readonly mailboxes: readonly PipelineMailbox[];
  readonly trustedPartnerDomains: readonly string[];
  readonly portalBaseUrl: string;
  readonly securityContact: string;
  readonly linkTtlHours: number;
  readonly holdDays: number;
  /** Days a citizen has to confirm a held message before it is deleted. Default 14. */
  readonly confirmDays?: number;
  /** Where confirmation links point. Default: `portalBaseUrl`. */
  readonly confirmBaseUrl?: string;
  /** The department's published contact route, given to senders without a validated contact. */
  readonly publishedContactRoute?: string;
  /** How a citizen reference is found in a message (matched upper-cased). Default `CR-000000`-style. */
  readonly citizenReference?: RegExp;
  /** The text sent where a citizen's only validated contact point is a mobile. Default: the approved template. */
  readonly smsTemplate?: SmsTemplate;
  readonly auditRetentionYears: number;
  readonly maxRawBytes: number;
  /** A message's time for sending its PDF and DOCX attachments to read. Default: the reader's (25 s). */
  readonly maxDocumentMillis?: number;
  readonly actor: string;
  /** Where DMARC aggregate and TLS reports arrive (the `rua` addresses the domain publishes). */
  readonly reportAddresses?: { readonly dmarc?: string; readonly tlsRpt?: string };
}

/** The use case's dependencies from ports and settings: routes per mailbox and the action stages. */
export function buildProcessDependencies(
  ports: PipelinePorts,
  settings: PipelineSettings,
  detect: DetectFn = detectAll,
): ProcessDependencies {
  const mailboxes = new Map<string, MailboxRoute>(
    settings.mailboxes.map((mailbox) => {
      const trustedPartners = settings.trustedPartnerDomains;
      const route: MailboxRoute = {
        teamMailbox: mailbox.teamMailbox,
        classify: classifyMessage({
          pack: mailbox.pack,
          contacts: ports.contacts,
          detect,
          documents: ports.documents,
          trustedPartners,
          limits: {
            maxRawBytes: settings.maxRawBytes,
            ...(settings.maxDocumentMillis === undefined
              ? {}
              : { maxDocumentMillis: settings.maxDocumentMillis }),
          },
        }),
        judgeOversized: (sizeBytes, maxRawBytes) =>
          judgeUnreadable(
            { pack: mailbox.pack, trustedPartners },
            {
              reason: 'TOO_LARGE',
              detail: `message is ${sizeBytes} bytes, over the ${maxRawBytes}-byte limit; it was not read`,
              sizeBytes,
            },
          ),
      };
      return [mailbox.address.toLowerCase(), route];
    }),
  );
  const reportAddresses = new Map<string, ReportKind>();
  if (settings.reportAddresses?.dmarc)
    reportAddresses.set(settings.reportAddresses.dmarc.toLowerCase(), 'dmarc');
  if (settings.reportAddresses?.tlsRpt)
    reportAddresses.set(settings.reportAddresses.tlsRpt.toLowerCase(), 'tls-rpt');
  const confirmBaseUrl = settings.confirmBaseUrl ?? settings.portalBaseUrl;
  const smsTemplate = settings.smsTemplate ?? CONFIRM_REQUEST_SMS;
  // DWP SMS Text Policy: a template that breaks a rule stops configuration, before anyone is texted.
  checkSmsTemplate(smsTemplate, {
    approvedIds: APPROVED_SMS_TEMPLATE_IDS,
    linkBaseUrl: confirmBaseUrl,
    detect,
  });
  const welsh = new Set(settings.mailboxes.filter((m) => m.welsh).map((m) => m.address.toLowerCase()));
  const requester = requestConfirmation({
    ...ports,
    directory: ports.directory,
    confirmBaseUrl,
    publishedRoute: settings.publishedContactRoute ?? DEFAULT_PUBLISHED_ROUTE,
    smsTemplate,
    isWelsh: (mailbox) => welsh.has(mailbox),
    actor: settings.actor,
    auditRetentionYears: settings.auditRetentionYears,
    ...(settings.citizenReference ? { citizenReference: settings.citizenReference } : {}),
  });
  const cardReply = cardDetailsReply({ ...ports, isWelsh: (mailbox) => welsh.has(mailbox) });
  return {
    store: ports.store,
    audit: ports.audit,
    clock: ports.clock,
    mailboxes,
    maxRawBytes: settings.maxRawBytes,
    auditRetentionYears: settings.auditRetentionYears,
    actor: settings.actor,
    reports: {
      addresses: reportAddresses,
      process: processReportMail({
        store: ports.store,
        audit: ports.audit,
        clock: ports.clock,
        read: readReportMail,
        maxRawBytes: settings.maxRawBytes,
        auditRetentionYears: settings.auditRetentionYears,
        actor: settings.actor,
      }),
    },
    stages: {
      quarantine: quarantineStage({ ...ports, securityContact: settings.securityContact }),
      hold: cardReply(
        holdStage({
          ...ports,
          holdDays: settings.holdDays,
          confirmDays: settings.confirmDays ?? DEFAULT_CONFIRM_DAYS,
          requestConfirmation: requester,
        }),
      ),
      protect: cardReply(
        protectStage({
          ...ports,
          detect,
          portalBaseUrl: settings.portalBaseUrl,
          linkTtlHours: settings.linkTtlHours,
        }),
      ),
      deliver: cardReply(deliverStage({ ...ports, detect })),
    },
  };
}

export function createPipeline(
  ports: PipelinePorts,
  settings: PipelineSettings,
  detect: DetectFn = detectAll,
) {
  return processInboundMail(buildProcessDependencies(ports, settings, detect));
}

/** Releases confirmed holds (DWP Email Policy 3.10) through the same stages as new mail. */
export function createRelease(
  ports: PipelinePorts,
  settings: PipelineSettings,
  detect: DetectFn = detectAll,
) {
  return releaseConfirmedHold({ ...buildProcessDependencies(ports, settings, detect), holds: ports.holds });
}
