/**
 * What the function that runs the pipeline (ingest) is configured with: the environment its
 * settings are read from (functions/ingest/settings.ts), the policy pack files bundled beside
 * it, and the check that a function's environment fits Lambda's limit. Released messages run in
 * the same function, so they are judged with exactly the settings a new one is.
 */
import { relative, resolve } from 'node:path';
import { Token } from 'aws-cdk-lib';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { ConfigError } from '../config.ts';
import {
  BUNDLED_PACK_DIR,
  type BundledPacks,
  bundlePolicyPacks,
  type MailboxPolicy,
} from '../policy-pack-files.ts';
import type { ExtractTextFunction } from './extract-text-function.ts';
import type { CaveatKeys } from './keys.ts';
import type { CaveatTables } from './tables.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** Settings of the pipeline, as the constructs that run it take them. */
export interface PipelineProps {
  /** The raw-mail bucket. Required. */
  readonly bucket: s3.Bucket;
  /** The tables. Required. */
  readonly tables: CaveatTables;
  /** Data key and message key. Required. */
  readonly keys: CaveatKeys;
  /** The function PDF and DOCX text is read by; the pipeline may invoke it and nothing else. Required. */
  readonly extractText: ExtractTextFunction;
  /** Shared mailboxes, with their policy packs and `welsh` flag. Required. */
  readonly mailboxes: readonly MailboxPolicy[];
  /** Partner domains trusted when DMARC passes. Required (may be empty). */
  readonly trustedPartnerDomains: readonly string[];
  /** Officer portal domain; links are `https://<portalDomain>/…`. Required. */
  readonly portalDomain: string;
  /** Receives security notices. Required (config defaults it to the alarm address). */
  readonly securityContact: string;
  /** Years an audit record is kept (sets the decisions' TTL). Required. */
  readonly auditYears: number;
  /** Days a held message waits for confirmation. Required. */
  readonly holdDays: number;
  /** Days a citizen has to answer a confirmation request. Required. */
  readonly confirmDays: number;
  /** Hours a portal link stays valid. Required. */
  readonly portalLinkHours: number;
  /** Where confirmation links point. @default `https://<portalDomain>` */
  readonly confirmBaseUrl?: string;
  /** The department's published contact route. @default the function's (GOV.UK Jobcentre Plus contact page) */
  readonly publishedContactRoute?: string;
  /** Citizen reference pattern (regex source, validated by the config). @default the function's (`CR-000000`) */
  readonly citizenReferencePattern?: string;
  /**
   * Folder that relative pack file paths in `mailboxes[].policyPack` are resolved from.
   * @default process.cwd() (where `cdk synth` runs, as for `-c caveatConfig=…`)
   */
  readonly packBaseDir?: string;
}

/** The policy packs to bundle, validated (a broken pack file fails synth). */
export function pipelinePacks(props: Pick<PipelineProps, 'mailboxes' | 'packBaseDir'>): BundledPacks {
  return bundlePolicyPacks(props.mailboxes, props.packBaseDir);
}

/** The pipeline's part of a function's environment. */
export function pipelineEnvironment(props: PipelineProps, packs: BundledPacks): Record<string, string> {
  return {
    NODE_OPTIONS: '--enable-source-maps',
    POWERTOOLS_LOG_LEVEL: 'INFO',
    CAVEAT_MAIL_BUCKET: props.bucket.bucketName,
    CAVEAT_DECISIONS_TABLE: props.tables.decisions.tableName,
    CAVEAT_CONTACTS_TABLE: props.tables.contacts.tableName,
    CAVEAT_HOLDS_TABLE: props.tables.holds.tableName,
    CAVEAT_PORTAL_LINKS_TABLE: props.tables.portalLinks.tableName,
    CAVEAT_IDEMPOTENCY_TABLE: props.tables.idempotency.tableName,
    CAVEAT_MESSAGE_KEY_ARN: props.keys.messageKey.keyArn,
    CAVEAT_EXTRACT_TEXT_FUNCTION: props.extractText.function.functionArn,
    CAVEAT_MAILBOXES: JSON.stringify(packs.mailboxes),
    CAVEAT_TRUSTED_PARTNERS: props.trustedPartnerDomains.join(','),
    CAVEAT_PORTAL_BASE_URL: `https://${props.portalDomain}`,
    CAVEAT_SECURITY_CONTACT: props.securityContact,
    CAVEAT_AUDIT_YEARS: String(props.auditYears),
    CAVEAT_HOLD_DAYS: String(props.holdDays),
    CAVEAT_CONFIRM_DAYS: String(props.confirmDays),
    CAVEAT_CONFIRM_BASE_URL: props.confirmBaseUrl ?? `https://${props.portalDomain}`,
    ...(props.publishedContactRoute ? { CAVEAT_PUBLISHED_CONTACT_ROUTE: props.publishedContactRoute } : {}),
    ...(props.citizenReferencePattern
      ? { CAVEAT_CITIZEN_REFERENCE_PATTERN: props.citizenReferencePattern }
      : {}),
    CAVEAT_LINK_TTL_HOURS: String(props.portalLinkHours),
  };
}

/** Shell commands that copy the custom pack files into the bundle, where the function looks. */
export function packCopyCommands(packs: BundledPacks, inputDir: string, outputDir: string): string[] {
  return packs.files.map(
    (file) =>
      `mkdir -p ${quote(`${outputDir}/${BUNDLED_PACK_DIR}`)} && cp ${quote(sourceIn(inputDir, file.source))} ${quote(`${outputDir}/${file.target}`)}`,
  );
}

/** Lambda refuses more than 4 KB of environment variables (names and values). */
const ENVIRONMENT_LIMIT_BYTES = 4096;
/** Room allowed for a value only known at deploy (a generated table name, a key ARN). */
const DEPLOY_TIME_VALUE_BYTES = 128;

/** Fails synth, not the deploy, when the mailbox list outgrows a function's environment. */
export function assertEnvironmentFits(
  environment: Readonly<Record<string, string>>,
  functionName: string,
): void {
  const bytes = Object.entries(environment).reduce(
    (sum, [name, value]) =>
      sum + name.length + (Token.isUnresolved(value) ? DEPLOY_TIME_VALUE_BYTES : Buffer.byteLength(value)),
    0,
  );
  if (bytes > ENVIRONMENT_LIMIT_BYTES) {
    throw new ConfigError(
      `caveat config: mailboxes: the ${functionName} function's environment would be about ${bytes} bytes, over Lambda's ${ENVIRONMENT_LIMIT_BYTES}; split the mailboxes across stacks`,
    );
  }
}

/** Bundling hooks of a pipeline function: the pack files, then `extra` commands. */
export function pipelineCommandHooks(
  packs: BundledPacks,
  extra: (inputDir: string, outputDir: string) => string[] = () => [],
): nodejs.ICommandHooks {
  return {
    beforeBundling: () => [],
    beforeInstall: () => [],
    afterBundling: (inputDir, outputDir) => [
      ...packCopyCommands(packs, inputDir, outputDir),
      ...extra(inputDir, outputDir),
    ],
  };
}

/** A path for the bundling shell: inside the project it is read through the bundling input folder. */
function sourceIn(inputDir: string, source: string): string {
  const inProject = relative(PROJECT_ROOT, source);
  return inProject.startsWith('..') ? source : `${inputDir}/${inProject}`;
}

/** POSIX shell single quoting. */
function quote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
