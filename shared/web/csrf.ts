/**
 * CSRF tokens for state-changing forms: an HMAC of the form's purpose and the session (or
 * pre-session) identifier under a server secret, so a token minted for one session or form is
 * useless in another, and nothing needs storing. Compared in constant time.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The form field every state-changing form carries. */
export const CSRF_FIELD = 'csrf';

export function csrfToken(secret: Uint8Array, binding: string, purpose: string): string {
  return createHmac('sha256', secret).update(`${purpose}\n${binding}`).digest('base64url');
}

/** True when `token` is the one minted for this binding and purpose. */
export function validCsrfToken(
  secret: Uint8Array,
  binding: string,
  purpose: string,
  token: string | null | undefined,
): boolean {
  if (!token || !binding) return false;
  const expected = Buffer.from(csrfToken(secret, binding, purpose));
  const given = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
