/**
 * The deployment configuration of the Caveat stack: typed, validated with zod, read from CDK
 * context (`caveat` object in cdk.json, or `-c caveatConfig=path/to/file.json`).
 *
 * A wrong value fails `cdk synth` with a message naming the field, e.g.
 * `caveat config: mailboxes[0].teamMailbox: Invalid email address`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import {
  CitizenReferencePatternError,
  citizenReferencePattern,
  DEFAULT_CITIZEN_REFERENCE,
} from '../shared/confirm/citizen-references.ts';
import { type ReceivingDomainRecords, receivingDomainRecords } from '../shared/domain/receiving-records.ts';
import { MESSAGE_DOCUMENTS_MAX_MS } from '../shared/mail/document-text-wire.ts';
import { smsLinkProblem } from '../shared/sms/sms-policy.ts';

/**
 * Regions where Amazon SES email receiving (inbound SMTP) is available.
 *
 * Reviewed list, taken from the "Email Receiving endpoints" table of the AWS General Reference
 * (https://docs.aws.amazon.com/general/latest/gr/ses.html), checked against the published
 * `inbound-smtp.<region>.amazonaws.com` endpoints. SES can *send* in more regions than it can
 * *receive*; a stack in any other region would deploy receipt rules that never receive mail.
 * Update this list (and its test) when AWS adds a receiving region.
 */
export const SES_RECEIVING_REGIONS: readonly string[] = [
  'us-east-1', // US East (N. Virginia)
  'us-east-2', // US East (Ohio)
  'us-west-2', // US West (Oregon)
  'ca-central-1', // Canada (Central)
  'eu-west-1', // Europe (Ireland)
  'eu-west-2', // Europe (London): the default for UK public-sector deployments
  'eu-central-1', // Europe (Frankfurt)
  'ap-southeast-1', // Asia Pacific (Singapore)
  'ap-southeast-2', // Asia Pacific (Sydney)
  'ap-southeast-3', // Asia Pacific (Jakarta)
  'ap-northeast-1', // Asia Pacific (Tokyo)
];

/** Built-in policy packs; anything else must be a path to a pack file (JSON). */
export const BUILT_IN_POLICY_PACKS = ['dwp', 'cambridgeshire'] as const;

const hostname = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, 'Invalid domain name');

const positiveDays = z.number().int().positive();

const policyPack = z
  .string()
  .trim()
  .min(1)
  .refine(
    (v) => (BUILT_IN_POLICY_PACKS as readonly string[]).includes(v) || v.endsWith('.json'),
    `must be a built-in pack id (${BUILT_IN_POLICY_PACKS.join(' | ')}) or a path to a pack file ending .json`,
  );

const mailboxSchema = z
  .object({
    /** The shared address SES receives for, e.g. `universal.credit@caveat.example.gov.uk`. */
    address: z.email().toLowerCase(),
    /** The officer team's mailbox that deliverable mail is forwarded to. */
    teamMailbox: z.email().toLowerCase(),
    /** Policy pack id (`dwp` | `cambridgeshire`) or a path to a pack file. */
    policyPack,
    /** Whether the mailbox answers in Welsh as well as English (Welsh Language Standards). */
    welsh: z.boolean().default(false),
  })
  .strict();

const retentionSchema = z
  .object({
    /** Days raw MIME stays under `inbound/` before it expires. */
    rawMailDays: positiveDays.default(30),
    /** Days quarantined messages stay under `quarantine/`. */
    quarantineDays: positiveDays.default(90),
    /** Days protected (KMS-encrypted) messages stay under `ciphertext/`. */
    ciphertextDays: positiveDays.default(365),
    /** Days a noncurrent (overwritten or deleted) object version is kept. */
    noncurrentVersionDays: positiveDays.default(7),
    /** Days S3 server access logs are kept. */
    accessLogDays: positiveDays.default(400),
    /** Days DMARC and TLS report messages stay under `reports/` once parsed. */
    reportDays: positiveDays.default(400),
    /** Years audit decisions are kept (DynamoDB TTL set by the recorder). */
    auditYears: z.number().int().min(1).max(100).default(6),
  })
  .strict();

const portalSchema = z
  .object({
    /**
     * Identity-provider group → the mailbox addresses its officers may read. An officer in no
     * listed group sees no mailbox. Default: none (nobody reads anything until this is set).
     */
    entitlements: z.record(z.string().min(1), z.array(z.email().toLowerCase()).min(1)).default({}),
    /**
     * An external OpenID Connect provider (e.g. the department's Entra ID). Absent (default): the
     * stack creates an Amazon Cognito user pool with a hosted sign-in domain.
     */
    oidc: z
      .object({
        /** The issuer URL (discovery at `<issuer>/.well-known/openid-configuration`). */
        issuer: z.url({ protocol: /^https$/ }),
        /** The portal's client id, registered as a public client with PKCE. */
        clientId: z.string().min(1),
        /** The ID token claim listing group names. Default `groups`. */
        groupsClaim: z.string().min(1).default('groups'),
      })
      .strict()
      .optional(),
    /** Cognito hosted-UI domain prefix (when no external provider). Default `<stackName>-officers` lower-cased. */
    cognitoDomainPrefix: z
      .string()
      .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be lower-case letters, digits and hyphens')
      .optional(),
    /** Minutes an officer's session lasts. Default 480 (a working day). */
    sessionMinutes: z
      .number()
      .int()
      .min(5)
      .max(24 * 60)
      .default(480),
  })
  .strict();

const maxAgeSeconds = z.number().int().min(86_400).max(31_557_600);

const domainSchema = z
  .object({
    /**
     * The Route 53 public hosted zone holding the receiving domain (the domain itself or a parent).
     * When set, Caveat creates the records, the SES identity with Easy DKIM and the MTA-STS policy
     * host; when absent, it only outputs the records to create (`caveat domain records` prints them).
     */
    hostedZone: z
      .object({
        /** Hosted zone id, e.g. `Z0123456789ABCDEFGHIJ`. */
        id: z.string().regex(/^Z[A-Z0-9]{1,32}$/, 'must be a Route 53 hosted zone id (Z…)'),
        /** The zone's domain name. */
        name: hostname,
      })
      .strict()
      .optional(),
    /** DMARC policy (`p=`). Government guidance: reject. */
    dmarcPolicy: z.enum(['reject', 'quarantine', 'none']).default('reject'),
    /** Caveat address for DMARC aggregate reports. Default: `dmarc-reports@<receivingDomain>`. */
    dmarcReportAddress: z.email().toLowerCase().optional(),
    /** Further `rua` recipients, e.g. NCSC Mail Check's `dmarc-rua@dmarc.service.gov.uk`. */
    additionalDmarcRua: z.array(z.email().toLowerCase()).default([]),
    /** Caveat address for TLS-RPT reports. Default: `tls-reports@<receivingDomain>`. */
    tlsReportAddress: z.email().toLowerCase().optional(),
    /** Further TLS-RPT recipients, e.g. `tls-rua@mailcheck.service.ncsc.gov.uk`. */
    additionalTlsRptRua: z.array(z.email().toLowerCase()).default([]),
    /** Domains included in the SPF record: the services that send the domain's mail. */
    spfIncludes: z.array(hostname).default(['amazonses.com']),
    /** MTA-STS mode; `testing` only reports failures. */
    mtaStsMode: z.enum(['enforce', 'testing']).default('enforce'),
    /** How long senders cache the MTA-STS policy (seconds, 1 day to 1 year). Default 2 weeks. */
    mtaStsMaxAgeSeconds: maxAgeSeconds.default(1_209_600),
  })
  .strict();

/** The report addresses, `dmarc-reports@` and `tls-reports@` the receiving domain unless set. */
function defaultReportAddresses(
  receivingDomain: string,
  domain: { dmarcReportAddress?: string | undefined; tlsReportAddress?: string | undefined },
) {
  return {
    dmarcReportAddress: domain.dmarcReportAddress ?? `dmarc-reports@${receivingDomain}`,
    tlsReportAddress: domain.tlsReportAddress ?? `tls-reports@${receivingDomain}`,
  };
}

export const configSchema = z
  .object({
    /** Domain SES receives mail for (MX must point at SES). */
    receivingDomain: hostname,
    /** The shared addresses, each with its team and policy. */
    mailboxes: z.array(mailboxSchema).min(1, 'at least one mailbox is required'),
    /** Partner domains trusted (when DMARC passes) beyond the pack's secure domains. */
    trustedPartnerDomains: z.array(hostname).default([]),
    retention: retentionSchema.prefault({}),
    /** Domain of the officer portal: the ingest function links to `https://<portalDomain>`. */
    portalDomain: hostname,
    /** Address that receives operational alarms (DLQ, ingest errors and throttles). */
    alarmEmail: z.email(),
    /**
     * Where the pipeline reports security events (quarantined mail, spoofed trusted senders).
     * Defaults to `alarmEmail`.
     */
    securityContact: z.email().toLowerCase().optional(),
    /**
     * Days a held message waits for the sender to confirm before it lapses. Held raw mail stays
     * under `inbound/`, so this may not exceed `retention.rawMailDays`.
     */
    holdDays: positiveDays.default(28),
    /**
     * Days a citizen has to answer a confirmation request before the held message is deleted
     * (DWP Email Policy 3.10). At most `holdDays`.
     */
    confirmDays: positiveDays.default(14),
    /**
     * AWS End User Messaging origination identity (phone number, pool or sender id ARN) that
     * confirmation texts are sent from. Omit to send none: citizens whose only validated contact
     * point is a mobile are then not asked.
     */
    smsOriginationIdentityArn: z
      .string()
      .regex(
        /^arn:aws[a-z-]*:sms-voice:[a-z0-9-]+:\d{12}:(phone-number|pool|sender-id)\/\S+$/,
        'must be an End User Messaging phone-number, pool or sender-id ARN',
      )
      .optional(),
    /**
     * Where confirmation links point (the confirmation page is served under `/confirm/` there).
     * Default `https://<portalDomain>`: the page is a route of the portal's API.
     */
    confirmBaseUrl: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).optional(),
    /**
     * The department's published contact route, given to senders Caveat cannot ask through a
     * validated contact point. Default `https://www.gov.uk/contact-jobcentre-plus`.
     */
    publishedContactRoute: z.url({ protocol: /^https$/, error: 'must be an https:// address' }).optional(),
    /**
     * How the case system's citizen references look: a regular expression (JavaScript syntax,
     * matched against the upper-cased message, no nested quantifiers). Default `CR-000000`.
     */
    citizenReferencePattern: z
      .string()
      .default(DEFAULT_CITIZEN_REFERENCE.source)
      .superRefine((source, ctx) => {
        try {
          citizenReferencePattern(source);
        } catch (error) {
          if (!(error instanceof CitizenReferencePatternError)) throw error;
          ctx.addIssue({ code: 'custom', message: error.message });
        }
      }),
    /** Hours an officer portal link stays valid. Default 720 (30 days). */
    portalLinkHours: z.number().int().positive().default(720),
    /** The officer portal: who may read which mailbox, and how officers sign in. */
    portal: portalSchema.prefault({}),
    /** AWS region; must support SES email receiving. */
    region: z
      .string()
      .default('eu-west-2')
      .refine((r) => SES_RECEIVING_REGIONS.includes(r), {
        error: (issue) =>
          `SES email receiving is not available in ${String(issue.input)}; use one of ${SES_RECEIVING_REGIONS.join(', ')}`,
      }),
    /** AWS account id; omit to synthesize an environment-agnostic account (no credentials needed). */
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    /** CloudFormation stack name. */
    stackName: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9-]{0,127}$/, 'must be a valid CloudFormation stack name')
      .default('Caveat'),
    /** Name of the SES receipt rule set this stack owns. */
    ruleSetName: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, 'must be 1-64 letters, digits, _ . -')
      .default('caveat-inbound'),
    /**
     * TLS policy of the receipt rules. `Optional` (default): UK government guidance (NCSC / GDS
     * "Securing government email") is to accept mail without TLS and protect the path with
     * MTA-STS and TLS-RPT, so citizens' mail from non-TLS servers is not bounced. `Require`
     * bounces any message not delivered over TLS.
     */
    tlsPolicy: z.enum(['Optional', 'Require']).default('Optional'),
    /** Activate this stack's receipt rule set on deploy (CloudFormation cannot). */
    activateRuleSet: z.boolean().default(true),
    /** Allow replacing another active receipt rule set in the account and region. */
    replaceActiveRuleSet: z.boolean().default(false),
    /**
     * Timeout of the ingest function; the queue visibility timeout is six times this. It must
     * outlast a message's document reading (50 s).
     */
    functionTimeoutSeconds: z
      .number()
      .int()
      .min(MESSAGE_DOCUMENTS_MAX_MS / 1000 + 1, {
        message: `must be over ${MESSAGE_DOCUMENTS_MAX_MS / 1000}: a message's PDF and DOCX attachments may take that long to read`,
      })
      .max(900)
      .default(60),
    /** The receiving domain's DNS: MX, SPF, DKIM, DMARC, MTA-STS and TLS-RPT (see docs/domain.md). */
    domain: domainSchema.prefault({}),
  })
  .strict()
  .superRefine((config, ctx) => {
    const seen = new Set<string>();
    config.mailboxes.forEach((mailbox, index) => {
      const domain = mailbox.address.split('@')[1] ?? '';
      if (domain !== config.receivingDomain && !domain.endsWith(`.${config.receivingDomain}`)) {
        ctx.addIssue({
          code: 'custom',
          path: ['mailboxes', index, 'address'],
          message: `must be at the receiving domain ${config.receivingDomain}`,
        });
      }
      if (seen.has(mailbox.address)) {
        ctx.addIssue({ code: 'custom', path: ['mailboxes', index, 'address'], message: 'duplicate address' });
      }
      seen.add(mailbox.address);
    });
    const addresses = new Set(config.mailboxes.map((mailbox) => mailbox.address));
    for (const [group, mailboxes] of Object.entries(config.portal.entitlements)) {
      mailboxes.forEach((mailbox, index) => {
        if (!addresses.has(mailbox)) {
          ctx.addIssue({
            code: 'custom',
            path: ['portal', 'entitlements', group, index],
            message: `${mailbox} is not one of the configured mailboxes`,
          });
        }
      });
    }
    const zone = config.domain.hostedZone?.name;
    if (zone && config.receivingDomain !== zone && !config.receivingDomain.endsWith(`.${zone}`)) {
      ctx.addIssue({
        code: 'custom',
        path: ['domain', 'hostedZone', 'name'],
        message: `must be ${config.receivingDomain} or a parent of it`,
      });
    }
    const mailboxAddresses = new Set(config.mailboxes.map((m) => m.address));
    const reportAddresses = defaultReportAddresses(config.receivingDomain, config.domain);
    for (const key of ['dmarcReportAddress', 'tlsReportAddress'] as const) {
      const address = reportAddresses[key];
      if (address.split('@')[1] !== config.receivingDomain) {
        ctx.addIssue({
          code: 'custom',
          path: ['domain', key],
          message: `must be at the receiving domain ${config.receivingDomain}`,
        });
      } else if (mailboxAddresses.has(address)) {
        ctx.addIssue({
          code: 'custom',
          path: ['domain', key],
          message: `${address} is also a shared mailbox: reports are parsed, not classified`,
        });
      }
    }
    if (reportAddresses.dmarcReportAddress === reportAddresses.tlsReportAddress) {
      ctx.addIssue({
        code: 'custom',
        path: ['domain', 'tlsReportAddress'],
        message: 'must differ from dmarcReportAddress',
      });
    }
    if (config.holdDays > config.retention.rawMailDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['holdDays'],
        message: `must be at most retention.rawMailDays (${config.retention.rawMailDays}): held raw mail stays under inbound/, which expires then`,
      });
    }
    if (config.confirmDays > config.holdDays) {
      ctx.addIssue({
        code: 'custom',
        path: ['confirmDays'],
        message: `must be at most holdDays (${config.holdDays}): the hold record must outlive the request`,
      });
    }
    // Texts carry the link, so where it points must pass the SMS policy now, not at cold start.
    const linkProblem = smsLinkProblem(config.confirmBaseUrl ?? `https://${config.portalDomain}`);
    if (linkProblem) {
      ctx.addIssue({
        code: 'custom',
        path: [config.confirmBaseUrl ? 'confirmBaseUrl' : 'portalDomain'],
        message: `confirmation links break ${linkProblem.rule}: ${linkProblem.text}`,
      });
    }
    if (config.portalLinkHours > config.retention.ciphertextDays * 24) {
      ctx.addIssue({
        code: 'custom',
        path: ['portalLinkHours'],
        message: `must be at most retention.ciphertextDays × 24 (${config.retention.ciphertextDays * 24}): a link must not outlive the protected copy it opens`,
      });
    }
  })
  .transform(({ securityContact, domain, confirmBaseUrl, ...config }) => ({
    ...config,
    securityContact: securityContact ?? config.alarmEmail.toLowerCase(),
    confirmBaseUrl: (confirmBaseUrl ?? `https://${config.portalDomain}`).replace(/\/+$/, ''),
    domain: { ...domain, ...defaultReportAddresses(config.receivingDomain, domain) },
  }));

/** The validated configuration, defaults applied. */
export type CaveatConfig = z.output<typeof configSchema>;
/** What a user writes: defaults may be omitted. */
export type CaveatConfigInput = z.input<typeof configSchema>;
/** The receiving domain's DNS settings, validated, report addresses filled in. */
export type DomainConfig = CaveatConfig['domain'];
/** One shared mailbox, validated. */
export type MailboxConfig = CaveatConfig['mailboxes'][number];

/** A configuration that fails validation; the message names every wrong field. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((out, part) => {
    if (typeof part === 'number') return `${out}[${part}]`;
    return out === '' ? String(part) : `${out}.${String(part)}`;
  }, '');
}

/** Validates a raw configuration object; throws {@link ConfigError} naming each wrong field. */
export function parseConfig(input: unknown): CaveatConfig {
  const result = configSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map(
    (issue) => `caveat config: ${formatPath(issue.path) || '(root)'}: ${issue.message}`,
  );
  throw new ConfigError(lines.join('\n'));
}

/** Minimal view of a construct node: what {@link loadConfig} needs from the CDK App. */
export interface ContextSource {
  tryGetContext(key: string): unknown;
}

/**
 * Reads the configuration from CDK context: `caveatConfig` (a path to a JSON file, relative to
 * the working directory) wins over `caveat` (an object, or a JSON string when passed with -c).
 */
export function loadConfig(context: ContextSource, cwd = process.cwd()): CaveatConfig {
  const file = context.tryGetContext('caveatConfig');
  if (typeof file === 'string' && file !== '') {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(cwd, file), 'utf8'));
    } catch (error) {
      throw new ConfigError(`caveat config: cannot read ${file}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    return parseConfig(raw);
  }
  let inline = context.tryGetContext('caveat');
  if (typeof inline === 'string') {
    try {
      inline = JSON.parse(inline);
    } catch (error) {
      throw new ConfigError('caveat config: context "caveat" is not valid JSON', { cause: error });
    }
  }
  if (inline === undefined) {
    throw new ConfigError(
      'caveat config: missing; set context "caveat" in cdk.json or pass -c caveatConfig=path/to/file.json',
    );
  }
  return parseConfig(inline);
}

/** The DNS records and MTA-STS policy the configuration asks for. */
export function domainRecordsOf(config: CaveatConfig): ReceivingDomainRecords {
  const { domain } = config;
  return receivingDomainRecords({
    domain: config.receivingDomain,
    region: config.region,
    dmarcPolicy: domain.dmarcPolicy,
    dmarcReportAddress: domain.dmarcReportAddress,
    additionalDmarcRua: domain.additionalDmarcRua,
    tlsReportAddress: domain.tlsReportAddress,
    additionalTlsRptRua: domain.additionalTlsRptRua,
    spfIncludes: domain.spfIncludes,
    mtaStsMode: domain.mtaStsMode,
    mtaStsMaxAgeSeconds: domain.mtaStsMaxAgeSeconds,
  });
}
