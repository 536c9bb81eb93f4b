/**
 * The portal function's settings, read from its environment. CDK sets them on deploy and the
 * local stack sets them by hand; a wrong or missing value stops the function at start-up with a
 * message naming the variable.
 */
import * as z from 'zod';
import { entitlementsSchema } from '../../shared/portal/entitlements.ts';
import { jsonVariable, ONE_MESSAGE_KEY, readEnvironment } from '../environment.ts';

const count = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const base64Bytes = (bytes: number) =>
  z
    .string()
    .refine((v) => Buffer.from(v, 'base64').byteLength >= bytes, `must be at least ${bytes} bytes, base64`);

const schema = z
  .object({
    CAVEAT_MAIL_BUCKET: z.string().min(3),
    CAVEAT_DECISIONS_TABLE: z.string().min(3),
    CAVEAT_HOLDS_TABLE: z.string().min(3),
    CAVEAT_PORTAL_LINKS_TABLE: z.string().min(3),
    /** KMS key (ARN) protected messages are encrypted under. */
    CAVEAT_MESSAGE_KEY_ARN: z.string().startsWith('arn:').optional(),
    /** Local runs only: the base64 256-bit key of the Encryption SDK's raw AES keyring. */
    CAVEAT_LOCAL_MESSAGE_KEY: base64Bytes(32).optional(),
    /** Secrets Manager secret (ARN) that cookie and CSRF keys are derived from. */
    CAVEAT_PORTAL_SECRET_ARN: z.string().startsWith('arn:').optional(),
    /** Local runs only: that secret, base64, at least 32 bytes. */
    CAVEAT_LOCAL_PORTAL_SECRET: base64Bytes(32).optional(),
    /** The portal's origin, e.g. `https://portal.caveat.example.gov.uk`. */
    CAVEAT_PORTAL_BASE_URL: z.url({ protocol: /^https?$/ }),
    /** JSON: `{"<group>": ["<mailbox address>", ...]}`. */
    CAVEAT_PORTAL_ENTITLEMENTS: jsonVariable.pipe(entitlementsSchema),
    CAVEAT_OIDC_ISSUER: z.url({ protocol: /^https?$/ }),
    CAVEAT_OIDC_CLIENT_ID: z.string().min(1),
    /** The ID token claim holding the officer's groups (`cognito:groups`, `groups`, `roles`). */
    CAVEAT_OIDC_GROUPS_CLAIM: z.string().min(1).default('cognito:groups'),
    CAVEAT_PORTAL_SESSION_MINUTES: count(8 * 60),
    CAVEAT_FAILED_LOOKUP_LIMIT: count(10),
    CAVEAT_AUDIT_YEARS: count(6),
    CAVEAT_S3_FORCE_PATH_STYLE: z
      .enum(['true', 'false'])
      .default('false')
      .transform((v) => v === 'true'),
    AWS_REGION: z.string().min(1).default('eu-west-2'),
  })
  .refine(...ONE_MESSAGE_KEY)
  .refine((env) => Boolean(env.CAVEAT_PORTAL_SECRET_ARN) !== Boolean(env.CAVEAT_LOCAL_PORTAL_SECRET), {
    path: ['CAVEAT_PORTAL_SECRET_ARN'],
    message: 'set exactly one of CAVEAT_PORTAL_SECRET_ARN (AWS) or CAVEAT_LOCAL_PORTAL_SECRET (local runs)',
  })
  .refine(
    (env) =>
      env.CAVEAT_PORTAL_BASE_URL.startsWith('https:') ||
      /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(env.CAVEAT_PORTAL_BASE_URL),
    {
      path: ['CAVEAT_PORTAL_BASE_URL'],
      message: 'must be https (plain http only on loopback, for local runs)',
    },
  );

export type PortalSettings = z.output<typeof schema>;

export class PortalSettingsError extends Error {
  override readonly name = 'PortalSettingsError';
}

export function readPortalSettings(env: Readonly<Record<string, string | undefined>>): PortalSettings {
  return readEnvironment(schema, env, 'caveat portal', PortalSettingsError);
}
