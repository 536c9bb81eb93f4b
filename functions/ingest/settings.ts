/**
 * The ingest function's settings, read from its environment. CDK sets them on deploy and a
 * local run sets them by hand; a wrong or missing value stops the function at start-up with a
 * message naming the variable, before any message is touched.
 */
import * as z from 'zod/mini';
import {
  CitizenReferencePatternError,
  citizenReferencePattern,
} from '../../shared/confirm/citizen-references.ts';
import '../../shared/validation/english-messages.ts';
import {
  AWS_CLIENT_SETTINGS,
  arn,
  jsonVariable,
  nonEmpty,
  ONE_MESSAGE_KEY,
  positiveCount,
  readEnvironment,
  resourceName,
  transformIssue,
} from '../environment.ts';

const email = z.email().check(z.toLowerCase());
const httpsUrl = z.url({ protocol: /^https$/ });

const mailboxes = z.pipe(
  jsonVariable,
  z
    .array(
      z.strictObject({
        address: email,
        teamMailbox: email,
        policyPack: nonEmpty,
        welsh: z._default(z.boolean(), false),
      }),
    )
    .check(z.minLength(1, 'must list at least one mailbox')),
);

/** A citizen reference pattern (regex source), compiled and checked for unbounded backtracking. */
const referencePattern = z.pipe(
  z.string(),
  z.transform((source: string, ctx) => {
    try {
      return citizenReferencePattern(source);
    } catch (error) {
      if (!(error instanceof CitizenReferencePatternError)) throw error;
      return transformIssue(ctx, error.message);
    }
  }),
);

/** A comma-separated list, trimmed and lower-cased, empties dropped. */
const lowerCaseList = z.pipe(
  z._default(z.string(), ''),
  z.transform((v: string) =>
    v
      .split(',')
      .map((d) => d.trim().toLowerCase())
      .filter(Boolean),
  ),
);

const schema = z
  .object({
    CAVEAT_MAIL_BUCKET: resourceName,
    CAVEAT_DECISIONS_TABLE: resourceName,
    CAVEAT_CONTACTS_TABLE: resourceName,
    CAVEAT_HOLDS_TABLE: resourceName,
    CAVEAT_PORTAL_LINKS_TABLE: resourceName,
    CAVEAT_IDEMPOTENCY_TABLE: resourceName,
    /** KMS key (ARN) protected messages are encrypted under. */
    CAVEAT_MESSAGE_KEY_ARN: z.optional(arn),
    /** Local runs only: a base64 256-bit key for the Encryption SDK's raw AES keyring. */
    CAVEAT_LOCAL_MESSAGE_KEY: z.optional(
      z
        .string()
        .check(
          z.refine((v: string) => Buffer.from(v, 'base64').byteLength === 32, 'must be 32 bytes, base64'),
        ),
    ),
    /** JSON: `[{"address","teamMailbox","policyPack"}]`. */
    CAVEAT_MAILBOXES: mailboxes,
    CAVEAT_TRUSTED_PARTNERS: lowerCaseList,
    CAVEAT_PORTAL_BASE_URL: z.url({ protocol: /^https?$/ }),
    CAVEAT_SECURITY_CONTACT: email,
    /** Where DMARC aggregate reports arrive; mail to it is parsed, not classified. */
    CAVEAT_DMARC_REPORT_ADDRESS: z.optional(email),
    /** Where TLS-RPT reports arrive; mail to it is parsed, not classified. */
    CAVEAT_TLS_REPORT_ADDRESS: z.optional(email),
    CAVEAT_LINK_TTL_HOURS: positiveCount(720),
    CAVEAT_HOLD_DAYS: positiveCount(28),
    /** Days a citizen has to confirm a held message before it is deleted (DWP Email Policy 3.10). */
    CAVEAT_CONFIRM_DAYS: positiveCount(14),
    /** Where confirmation links point; default CAVEAT_PORTAL_BASE_URL. */
    CAVEAT_CONFIRM_BASE_URL: z.optional(httpsUrl),
    /** The department's published contact route, for senders without a validated contact point. */
    CAVEAT_PUBLISHED_CONTACT_ROUTE: z.optional(httpsUrl),
    /** How the case system's citizen references look (a regex, matched upper-cased); default `CR-000000`. */
    CAVEAT_CITIZEN_REFERENCE_PATTERN: z.optional(referencePattern),
    /** Local runs only: texts are appended to this JSON Lines file instead of being sent. */
    CAVEAT_SMS_OUTBOX_FILE: z.optional(nonEmpty),
    /** End User Messaging origination identity (phone number, pool or sender id ARN) texts are sent from. */
    CAVEAT_SMS_ORIGINATION_IDENTITY: z.optional(arn),
    CAVEAT_AUDIT_YEARS: positiveCount(6),
    CAVEAT_MAX_RAW_BYTES: positiveCount(40 * 1024 * 1024),
    CAVEAT_SES_CONFIGURATION_SET: z.optional(nonEmpty),
    /**
     * The extract-text function (name or ARN) PDF and DOCX text is read by. Required on AWS;
     * a local run reads documents in process instead (see `WiringOptions.documents`).
     */
    CAVEAT_EXTRACT_TEXT_FUNCTION: z.optional(nonEmpty),
    ...AWS_CLIENT_SETTINGS,
  })
  .check(z.refine(...ONE_MESSAGE_KEY));

export type IngestSettings = z.output<typeof schema>;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** Parses a function's environment; a wrong value throws a SettingsError naming each variable. */
export function parseEnvironment<T extends z.ZodMiniType>(
  functionName: string,
  settings: T,
  env: Readonly<Record<string, string | undefined>>,
): z.output<T> {
  return readEnvironment(settings, env, `caveat ${functionName}`, SettingsError);
}

export function readSettings(env: Readonly<Record<string, string | undefined>>): IngestSettings {
  return parseEnvironment('ingest', schema, env);
}
