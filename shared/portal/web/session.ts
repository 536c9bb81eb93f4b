/**
 * The officer's session and the sign-in in progress, each in its own sealed cookie: nothing is
 * stored server-side, so the portal scales to zero, and a cookie copied out of a browser ends
 * with its expiry.
 */
import { randomBytes } from 'node:crypto';
import { type CookieSettings, clearedCookie, openCookie, sealedCookie } from '../../web/cookies.ts';
import type { Officer, PendingSignIn } from '../ports.ts';

const SESSION = 'caveat-session';
const SIGN_IN = 'caveat-sign-in';
const VISITOR = 'caveat-visitor';
/** Long enough to sign in, short enough that an abandoned attempt lapses. */
const SIGN_IN_SECONDS = 600;

export interface Session {
  /** Random session id: what CSRF tokens are bound to. */
  readonly id: string;
  readonly officer: Officer;
}

export async function startSession(
  cookies: CookieSettings,
  officer: Officer,
  seconds: number,
): Promise<string> {
  return sealedCookie(
    cookies,
    SESSION,
    {
      sid: randomBytes(16).toString('base64url'),
      sub: officer.subject,
      name: officer.name,
      groups: officer.groups,
    },
    seconds,
  );
}

export async function currentSession(
  cookies: CookieSettings,
  jar: Readonly<Record<string, string | undefined>>,
): Promise<Session | undefined> {
  const payload = await openCookie(cookies, jar, SESSION);
  if (!payload || typeof payload.sid !== 'string' || typeof payload.sub !== 'string') return undefined;
  const groups = Array.isArray(payload.groups) ? payload.groups.filter((g) => typeof g === 'string') : [];
  return {
    id: payload.sid,
    officer: {
      subject: payload.sub,
      groups,
      ...(typeof payload.name === 'string' ? { name: payload.name } : {}),
    },
  };
}

export function endSession(cookies: CookieSettings): string {
  return clearedCookie(cookies, SESSION);
}

export interface SignInInProgress extends PendingSignIn {
  /** The portal path to return to once signed in. */
  readonly returnTo: string;
}

export function rememberSignIn(cookies: CookieSettings, signIn: SignInInProgress): Promise<string> {
  return sealedCookie(cookies, SIGN_IN, { ...signIn }, SIGN_IN_SECONDS);
}

export async function signInInProgress(
  cookies: CookieSettings,
  jar: Readonly<Record<string, string | undefined>>,
): Promise<SignInInProgress | undefined> {
  const p = await openCookie(cookies, jar, SIGN_IN);
  if (!p) return undefined;
  const { state, nonce, codeVerifier, returnTo } = p;
  if ([state, nonce, codeVerifier, returnTo].some((v) => typeof v !== 'string')) return undefined;
  return { state, nonce, codeVerifier, returnTo } as SignInInProgress;
}

export function forgetSignIn(cookies: CookieSettings): string {
  return clearedCookie(cookies, SIGN_IN);
}

/** An id for a browser before sign-in, so the link form's CSRF token is bound to something. */
export async function visitorId(
  cookies: CookieSettings,
  jar: Readonly<Record<string, string | undefined>>,
): Promise<{ readonly id: string; readonly cookie?: string }> {
  const payload = await openCookie(cookies, jar, VISITOR);
  if (typeof payload?.vid === 'string') return { id: payload.vid };
  const id = randomBytes(16).toString('base64url');
  return { id, cookie: await sealedCookie(cookies, VISITOR, { vid: id }, 3600) };
}

/** Only a path on this portal: never another origin (`//host`, `/\host`) or a scheme. */
export function safeReturnPath(path: string | null | undefined): string {
  return path && /^\/(?![/\\])[^\s]*$/.test(path) && path.length <= 500 ? path : '/';
}
