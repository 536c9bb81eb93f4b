/**
 * The ingest function's settings, read from its environment. CDK sets them on deploy and a
 * local run sets them by hand; a wrong or missing value stops the function at start-up with a
 * message naming the variable, before any message is touched.
 */
import * as z from 'zod';
import {
  CitizenReferencePatternError,
  citizenReferencePattern,
} from '../../shared/confirm/citizen-references.ts';
import { AWS_CLIENT_SETTINGS, jsonVariable, ONE_MESSAGE_KEY, readEnvironment } from '../environment.ts';

const email = z.email().toLowerCase();
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const mailboxes = jsonVariable.pipe(
  z
    .array(
      z
        .object({
          address: email,
          teamMailbox: email,
          policyPack: z.string().min(1),
          welsh: z.boolean().default(false),
        })
        .strict(),
    )
    .min(1, 'must list at least one mailbox'),
);

/** A citizen reference pattern (regex source), compiled and checked for unbounded backtracking. */
const referencePattern = z.string().transform((source, ctx) => {
  try {
    return citizenReferencePattern(source);
  } catch (error) {
    if (!(error instanceof CitizenReferencePatternError)) throw error;
    ctx.addIssue({ code: 'custom', message: error.message });
    return z.NEVER;
  }
});

const schema = z
  .object({
    CAVEAT_MAIL_BUCKET: z.string().min(3),
    CAVEAT_DECISIONS_TABLE: z.string().min(3),
    CAVEAT_CONTACTS_TABLE: z.string().min(3),
    CAVEAT_HOLDS_TABLE: z.string().min(3),
    CAVEAT_PORTAL_LINKS_TABLE: z.string().min(3),
    CAVEAT_IDEMPOTENCY_TABLE: z.string().min(3),
    /** KMS key (ARN) protected messages are encrypted under. */
    CAVEAT_MESSAGE_KEY_ARN: z.string().startsWith('arn:').optional(),
    /** Local runs only: a base64 256-bit key for the Encryption SDK's raw AES keyring. */
    CAVEAT_LOCAL_MESSAGE_KEY: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').byteLength === 32, 'must be 32 bytes, base64')
      .optional(),
    /** JSON: `[{"address","teamMailbox","policyPack"}]`. */
    CAVEAT_MAILBOXES: mailboxes,
    CAVEAT_TRUSTED_PARTNERS: z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((d) => d.trim().toLowerCase())
          .filter(Boolean),
      ),
    CAVEAT_PORTAL_BASE_URL: z.url({ protocol: /^https?$/ }),
    CAVEAT_SECURITY_CONTACT: email,
    /** Where DMARC aggregate reports arrive; mail to it is parsed, not classified. */
    CAVEAT_DMARC_REPORT_ADDRESS: email.optional(),
    /** Where TLS-RPT reports arrive; mail to it is parsed, not classified. */
    CAVEAT_TLS_REPORT_ADDRESS: email.optional(),
    CAVEAT_LINK_TTL_HOURS: count(720),
    CAVEAT_HOLD_DAYS: count(28),
    /** Days a citizen has to confirm a held message before it is deleted (DWP Email Policy 3.10). */
    CAVEAT_CONFIRM_DAYS: count(14),
    /** Where confirmation links point; default CAVEAT_PORTAL_BASE_URL. */
    CAVEAT_CONFIRM_BASE_URL: z.url({ protocol: /^https$/ }).optional(),
    /** The department's published contact route, for senders without a validated contact point. */
    CAVEAT_PUBLISHED_CONTACT_ROUTE: z.url({ protocol: /^https$/ }).optional(),
    /** How the case system's citizen references look (a regex, matched upper-cased); default `CR-000000`. */
    CAVEAT_CITIZEN_REFERENCE_PATTERN: referencePattern.optional(),
    /** Local runs only: texts are appended to this JSON Lines file instead of being sent. */
    CAVEAT_SMS_OUTBOX_FILE: z.string().min(1).optional(),
    /** End User Messaging origination identity (phone number, pool or sender id ARN) texts are sent from. */
    CAVEAT_SMS_ORIGINATION_IDENTITY: z.string().startsWith('arn:').optional(),
    CAVEAT_AUDIT_YEARS: count(6),
    CAVEAT_MAX_RAW_BYTES: count(40 * 1024 * 1024),
    CAVEAT_SES_CONFIGURATION_SET: z.string().min(1).optional(),
    /**
     * The extract-text function (name or ARN) PDF and DOCX text is read by. Required on AWS;
     * a local run reads documents in process instead (see `WiringOptions.documents`).
     */
    CAVEAT_EXTRACT_TEXT_FUNCTION: z.string().min(1).optional(),
    ...AWS_CLIENT_SETTINGS,
  })
  .refine(...ONE_MESSAGE_KEY);

export type IngestSettings = z.output<typeof schema>;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

/** Parses a function's environment; a wrong value throws a SettingsError naming each variable. */
export function parseEnvironment<T extends z.ZodType>(
  functionName: string,
  settings: T,
  env: Readonly<Record<string, string | undefined>>,
): z.output<T> {
  return readEnvironment(settings, env, `caveat ${functionName}`, SettingsError);
}

export function readSettings(env: Readonly<Record<string, string | undefined>>): IngestSettings {
  return parseEnvironment('ingest', schema, env);
}
