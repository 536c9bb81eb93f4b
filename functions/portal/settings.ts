/**
 * The portal function's settings, read from its environment. CDK sets them on deploy and the
 * local stack sets them by hand; a wrong or missing value stops the function at start-up with a
 * message naming the variable.
 */

import * as z from 'zod/mini';
import { entitlementsSchema } from '../../shared/portal/entitlements.ts';
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
} from '../environment.ts';

const httpUrl = z.url({ protocol: /^https?$/ });
const base64Bytes = (bytes: number) =>
  z
    .string()
    .check(
      z.refine(
        (v: string) => Buffer.from(v, 'base64').byteLength >= bytes,
        `must be at least ${bytes} bytes, base64`,
      ),
    );

const schema = z
  .object({
    CAVEAT_MAIL_BUCKET: resourceName,
    CAVEAT_DECISIONS_TABLE: resourceName,
    CAVEAT_HOLDS_TABLE: resourceName,
    CAVEAT_PORTAL_LINKS_TABLE: resourceName,
    /** KMS key (ARN) protected messages are encrypted under. */
    CAVEAT_MESSAGE_KEY_ARN: z.optional(arn),
    /** Local runs only: the base64 256-bit key of the Encryption SDK's raw AES keyring. */
    CAVEAT_LOCAL_MESSAGE_KEY: z.optional(base64Bytes(32)),
    /** Secrets Manager secret (ARN) that cookie and CSRF keys are derived from. */
    CAVEAT_PORTAL_SECRET_ARN: z.optional(arn),
    /** Local runs only: that secret, base64, at least 32 bytes. */
    CAVEAT_LOCAL_PORTAL_SECRET: z.optional(base64Bytes(32)),
    /** The portal's origin, e.g. `https://portal.caveat.example.gov.uk`. */
    CAVEAT_PORTAL_BASE_URL: httpUrl,
    /** JSON: `{"<group>": ["<mailbox address>", ...]}`. */
    CAVEAT_PORTAL_ENTITLEMENTS: z.pipe(jsonVariable, entitlementsSchema),
    CAVEAT_OIDC_ISSUER: httpUrl,
    CAVEAT_OIDC_CLIENT_ID: nonEmpty,
    /** The ID token claim holding the officer's groups (`cognito:groups`, `groups`, `roles`). */
    CAVEAT_OIDC_GROUPS_CLAIM: z._default(nonEmpty, 'cognito:groups'),
    CAVEAT_PORTAL_SESSION_MINUTES: positiveCount(8 * 60),
    CAVEAT_FAILED_LOOKUP_LIMIT: positiveCount(10),
    CAVEAT_AUDIT_YEARS: positiveCount(6),
    ...AWS_CLIENT_SETTINGS,
  })
  .check(
    z.refine(...ONE_MESSAGE_KEY),
    z.refine(
      (env: {
        CAVEAT_PORTAL_SECRET_ARN?: string | undefined;
        CAVEAT_LOCAL_PORTAL_SECRET?: string | undefined;
      }) => Boolean(env.CAVEAT_PORTAL_SECRET_ARN) !== Boolean(env.CAVEAT_LOCAL_PORTAL_SECRET),
      {
        path: ['CAVEAT_PORTAL_SECRET_ARN'],
        message:
          'set exactly one of CAVEAT_PORTAL_SECRET_ARN (AWS) or CAVEAT_LOCAL_PORTAL_SECRET (local runs)',
      },
    ),
    z.refine(
      (env: { CAVEAT_PORTAL_BASE_URL: string }) =>
        env.CAVEAT_PORTAL_BASE_URL.startsWith('https:') ||
        /^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(env.CAVEAT_PORTAL_BASE_URL),
      {
        path: ['CAVEAT_PORTAL_BASE_URL'],
        message: 'must be https (plain http only on loopback, for local runs)',
      },
    ),
  );

export type PortalSettings = z.output<typeof schema>;

export class PortalSettingsError extends Error {
  override readonly name = 'PortalSettingsError';
}

export function readPortalSettings(env: Readonly<Record<string, string | undefined>>): PortalSettings {
  return readEnvironment(schema, env, 'caveat portal', PortalSettingsError);
}
