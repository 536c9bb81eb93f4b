/**
 * Sealed cookies: the value is encrypted and authenticated (JWE, `dir` + A256GCM, via `jose`)
 * under a server key, with an expiry inside, so a client can neither read nor forge it and an
 * old one stops working even if a browser keeps it. Attributes are always HttpOnly,
 * SameSite=Lax and Path=/, and Secure with the `__Host-` prefix unless serving plain HTTP
 * locally.
 */
import { parseCookie, stringifySetCookie } from 'cookie';
import { EncryptJWT, errors, jwtDecrypt } from 'jose';

export interface CookieSettings {
  /** 32-byte key that seals cookie values. */
  readonly key: Uint8Array;
  /** False only for a local stack on plain HTTP; drops `Secure` and the `__Host-` prefix. */
  readonly secure: boolean;
}

/** The cookie's name on the wire: `__Host-` binds it to this host over HTTPS. */
export function cookieName(settings: CookieSettings, name: string): string {
  return settings.secure ? `__Host-${name}` : name;
}

export function parseCookies(header: string | undefined): Record<string, string | undefined> {
  return header ? parseCookie(header) : {};
}

/** A `Set-Cookie` value carrying `payload`, sealed, valid for `maxAgeSeconds`. */
export async function sealedCookie(
  settings: CookieSettings,
  name: string,
  payload: Record<string, unknown>,
  maxAgeSeconds: number,
): Promise<string> {
  const value = await new EncryptJWT(payload)
    .setProtectedHeader({ alg: 'dir', enc: 'A256GCM' })
    .setIssuedAt()
    .setExpirationTime(`${maxAgeSeconds}s`)
    .setAudience(name)
    .encrypt(settings.key);
  return stringifySetCookie({
    name: cookieName(settings, name),
    value,
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'lax',
    path: '/',
    maxAge: maxAgeSeconds,
  });
}

/** The payload of a sealed cookie, or `undefined` when absent, tampered with, expired or for another name. */
export async function openCookie(
  settings: CookieSettings,
  cookies: Readonly<Record<string, string | undefined>>,
  name: string,
): Promise<Record<string, unknown> | undefined> {
  const value = cookies[cookieName(settings, name)];
  if (!value) return undefined;
  try {
    const { payload } = await jwtDecrypt(value, settings.key, { audience: name });
    return payload;
  } catch (error) {
    if (error instanceof errors.JOSEError) return undefined;
    throw error;
  }
}

/** A `Set-Cookie` value that removes the cookie. */
export function clearedCookie(settings: CookieSettings, name: string): string {
  return stringifySetCookie({
    name: cookieName(settings, name),
    value: '',
    httpOnly: true,
    secure: settings.secure,
    sameSite: 'lax',
    path: '/',
    maxAge: 0,
  });
}
