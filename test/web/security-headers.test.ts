import { describe, expect, it } from 'vitest';
import { cspNonce, securityHeaders } from '../../shared/web/security-headers.ts';

describe('Security headers', () => {
  it('sets HSTS, no-referrer, no-store and a CSP that loads nothing from elsewhere', () => {
    const headers = securityHeaders({ nonce: 'abc' });
    expect(headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toBe('no-store');
    const csp = headers['content-security-policy']!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self' 'nonce-abc'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("frame-src 'none'");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|https?:/);
  });

  it('allows same-origin frames only for pages that show a sandboxed body', () => {
    expect(securityHeaders({ nonce: 'n', framesSrcdoc: true })['content-security-policy']).toContain(
      "frame-src 'self'",
    );
  });

  it('lets forms lead to a named sign-in origin', () => {
    expect(
      securityHeaders({ nonce: 'n', formActionOrigins: ['https://idp.example'] })['content-security-policy'],
    ).toContain("form-action 'self' https://idp.example;");
  });

  it('makes a fresh 128-bit nonce each time', () => {
    const a = cspNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(cspNonce()).not.toBe(a);
  });
});
