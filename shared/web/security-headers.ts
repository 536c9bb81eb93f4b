/**
 * Response headers every Caveat page carries. The pages load nothing from another origin, run
 * no script but the template's one-line class toggle (allowed by nonce) and their own files, and
 * may not be framed; nothing is cached and no Referer ever leaves, so a token in a URL cannot
 * leak through history, a shared cache or a link followed from a message.
 */
import { randomBytes } from 'node:crypto';

export interface SecurityHeaderOptions {
  /** The per-response nonce of the inline script the GOV.UK template writes. */
  readonly nonce: string;
  /** Whether the page may frame its own `srcdoc` documents (the sanitised message body). */
  readonly framesSrcdoc?: boolean;
  /**
   * Origins a form's navigation may end at besides this one: browsers hold the redirects after
   * a form post to `form-action`, so a form that leads to sign-in must name the provider.
   */
  readonly formActionOrigins?: readonly string[];
}

/** A fresh CSP nonce: 128 bits, base64. */
export function cspNonce(): string {
  return randomBytes(16).toString('base64');
}

export function contentSecurityPolicy(options: SecurityHeaderOptions): string {
  return [
    "default-src 'none'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "manifest-src 'self'",
    "connect-src 'none'",
    options.framesSrcdoc ? "frame-src 'self'" : "frame-src 'none'",
    ["form-action 'self'", ...(options.formActionOrigins ?? [])].join(' '),
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** Headers for an HTML page. */
export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  return { ...baseSecurityHeaders(), 'content-security-policy': contentSecurityPolicy(options) };
}

/** Headers for any response, pages or files. */
export function baseSecurityHeaders(): Record<string, string> {
  return {
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'permissions-policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
  };
}
