/**
 * The confirmation function's settings: the ingest function's (it releases held messages
 * through the same pipeline) and the secret its page's CSRF tokens and cookies are sealed under.
 */
import * as z from 'zod';
import { type IngestSettings, readSettings, SettingsError } from '../ingest/settings.ts';

const secret = z
  .string()
  .refine((v) => Buffer.from(v, 'base64').byteLength === 32, 'must be 32 bytes, base64');

export interface ConfirmSettings {
  readonly ingest: IngestSettings;
  /** 32 bytes; CSRF tokens and the pre-session cookie are derived from it. */
  readonly secret: Uint8Array;
  /** False only for a local stack on plain HTTP. */
  readonly secureCookies: boolean;
}

export function readConfirmSettings(env: Readonly<Record<string, string | undefined>>): ConfirmSettings {
  const ingest = readSettings(env);
  const parsed = secret.safeParse(env.CAVEAT_CONFIRM_SECRET);
  if (!parsed.success)
    throw new SettingsError(
      `caveat confirm: CAVEAT_CONFIRM_SECRET: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
    );
  return {
    ingest,
    secret: new Uint8Array(Buffer.from(parsed.data, 'base64')),
    secureCookies: env.CAVEAT_INSECURE_COOKIES !== 'true',
  };
}
