/**
 * The ingest function's settings, read from its environment. CDK sets them on deploy and a
 * local run sets them by hand; a wrong or missing value stops the function at start-up with a
 * message naming the variable, before any message is touched.
 */
import { z } from 'zod';
import { jsonVariable, ONE_MESSAGE_KEY, readEnvironment } from '../environment.ts';

const email = z.email().toLowerCase();
const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const mailboxes = jsonVariable.pipe(
  z
    .array(z.object({ address: email, teamMailbox: email, policyPack: z.string().min(1) }).strict())
    .min(1, 'must list at least one mailbox'),
);

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
    CAVEAT_LINK_TTL_HOURS: count(720),
    CAVEAT_HOLD_DAYS: count(28),
    CAVEAT_AUDIT_YEARS: count(6),
    CAVEAT_MAX_RAW_BYTES: count(40 * 1024 * 1024),
    CAVEAT_SES_CONFIGURATION_SET: z.string().min(1).optional(),
    /** Path-style S3 addressing, for S3-compatible local servers. */
    CAVEAT_S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    AWS_REGION: z.string().min(1).default('eu-west-2'),
  })
  .refine(...ONE_MESSAGE_KEY);

export type IngestSettings = z.output<typeof schema>;

export class SettingsError extends Error {
  override readonly name = 'SettingsError';
}

export function readSettings(env: Readonly<Record<string, string | undefined>>): IngestSettings {
  return readEnvironment(schema, env, 'caveat ingest', SettingsError);
}
