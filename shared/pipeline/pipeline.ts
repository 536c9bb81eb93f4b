/**
 * Puts the pipeline together from its ports and settings: one route per shared mailbox with
 * that mailbox's policy pack, and the four action stages. The Lambda handler and local runs
 * call this with their own adapters; nothing here knows which.
 */
import { detectAll } from '../detect/registry.ts';
import type { PolicyPack } from '../policy/pack.ts';
import { readReportMail } from '../reports/read-report-mail.ts';
import type { ReportKind } from '../reports/report-summary.ts';
import { classifyMessage, judgeUnreadable } from './classify.ts';
import type {
  AuditLog,
  Clock,
  ContactRegister,
  HoldRegister,
  Mailer,
  MailStore,
  MessageEncryptor,
  NotificationLedger,
  PortalLinkStore,
  TokenSource,
} from './ports.ts';
import { type MailboxRoute, type ProcessDependencies, processInboundMail } from './process-inbound-mail.ts';
import { processReportMail } from './process-report-mail.ts';
import type { DetectFn } from './scan-mail.ts';
import { deliverStage } from './stages/deliver.ts';
import { holdStage } from './stages/hold.ts';
import { protectStage } from './stages/protect.ts';
import { quarantineStage } from './stages/quarantine.ts';

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
}

export interface PipelineMailbox {
  readonly address: string;
  readonly teamMailbox: string;
  readonly pack: PolicyPack;
}

export interface PipelineSettings {
  readonly mailboxes: readonly PipelineMailbox[];
  readonly trustedPartnerDomains: readonly string[];
  readonly portalBaseUrl: string;
  readonly securityContact: string;
  readonly linkTtlHours: number;
  readonly holdDays: number;
  readonly auditRetentionYears: number;
  readonly maxRawBytes: number;
  readonly actor: string;
  /** Where DMARC aggregate and TLS reports arrive (the `rua` addresses the domain publishes). */
  readonly reportAddresses?: { readonly dmarc?: string; readonly tlsRpt?: string };
}

export function createPipeline(
  ports: PipelinePorts,
  settings: PipelineSettings,
  detect: DetectFn = detectAll,
) {
  const mailboxes = new Map<string, MailboxRoute>(
    settings.mailboxes.map((mailbox) => {
      const trustedPartners = settings.trustedPartnerDomains;
      const route: MailboxRoute = {
        teamMailbox: mailbox.teamMailbox,
        classify: classifyMessage({
          pack: mailbox.pack,
          contacts: ports.contacts,
          detect,
          trustedPartners,
          limits: { maxRawBytes: settings.maxRawBytes },
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
  const deps: ProcessDependencies = {
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
      hold: holdStage({ ...ports, holdDays: settings.holdDays }),
      protect: protectStage({
        ...ports,
        detect,
        portalBaseUrl: settings.portalBaseUrl,
        linkTtlHours: settings.linkTtlHours,
      }),
      deliver: deliverStage({ ...ports, detect }),
    },
  };
  return processInboundMail(deps);
}
