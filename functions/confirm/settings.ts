/**
 * The confirmation function's settings: the ingest function's (it releases held messages
 * through the same pipeline) and where the secret its page's CSRF tokens and cookies are sealed
 * under comes from. The expiry sweep serves no page, so it is given no secret.
 */
import * as z from 'zod';
import { readEnvironment } from '../environment.ts';
import { type IngestSettings, readSettings, SettingsError } from '../ingest/settings.ts';

const schema = z
  .object({
    /** Secrets Manager secret (ARN) the page's keys are derived from. */
    CAVEAT_CONFIRM_SECRET_ARN: z.string().startsWith('arn:').optional(),
    /** Local runs only: that secret, base64, 32 bytes. */
    CAVEAT_CONFIRM_SECRET: z
      .string()
      .refine((v) => Buffer.from(v, 'base64').byteLength === 32, 'must be 32 bytes, base64')
      .optional(),
    CAVEAT_INSECURE_COOKIES: z.enum(['true', 'false']).default('false'),
  })
  .refine((env) => !(env.CAVEAT_CONFIRM_SECRET_ARN && env.CAVEAT_CONFIRM_SECRET), {
    path: ['CAVEAT_CONFIRM_SECRET_ARN'],
    message: 'set at most one of CAVEAT_CONFIRM_SECRET_ARN (AWS) or CAVEAT_CONFIRM_SECRET (local runs)',
  });

/** Where the page's secret is: in the environment (local runs) or in Secrets Manager. */
export type ConfirmSecretSource =
  | { readonly kind: 'value'; readonly bytes: Uint8Array }
  | { readonly kind: 'secrets-manager'; readonly arn: string };

export interface ConfirmSettings {
  readonly ingest: IngestSettings;
  /** Absent for the expiry sweep: without it the page refuses to serve. */
  readonly secret?: ConfirmSecretSource;
  /** False only for a local stack on plain HTTP. */
  readonly secureCookies: boolean;
}

export function readConfirmSettings(env: Readonly<Record<string, string | undefined>>): ConfirmSettings {
  const ingest = readSettings(env);
  const own = readEnvironment(schema, env, 'caveat confirm', SettingsError);
  const secret: ConfirmSecretSource | undefined = own.CAVEAT_CONFIRM_SECRET
    ? { kind: 'value', bytes: new Uint8Array(Buffer.from(own.CAVEAT_CONFIRM_SECRET, 'base64')) }
    : own.CAVEAT_CONFIRM_SECRET_ARN
      ? { kind: 'secrets-manager', arn: own.CAVEAT_CONFIRM_SECRET_ARN }
      : undefined;
  return { ingest, ...(secret ? { secret } : {}), secureCookies: own.CAVEAT_INSECURE_COOKIES !== 'true' };
}
