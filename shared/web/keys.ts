/**
 * One secret per web service, from which each purpose gets its own key by HKDF: a key that
 * seals cookies is never also the one that signs CSRF tokens.
 */
import { hkdfSync } from 'node:crypto';

export interface WebKeys {
  readonly cookieKey: Uint8Array;
  readonly csrfSecret: Uint8Array;
}

/** The secret is too short to derive keys from. */
export class WebSecretError extends Error {
  override readonly name = 'WebSecretError';
}

export function deriveWebKeys(secret: Uint8Array, service: string): WebKeys {
  if (secret.byteLength < 32) throw new WebSecretError('the web secret must be at least 32 bytes');
  const derive = (purpose: string) => new Uint8Array(hkdfSync('sha256', secret, service, purpose, 32));
  return { cookieKey: derive('cookies'), csrfSecret: derive('csrf') };
}
