import { describe, expect, it } from 'vitest';
import { csrfToken, validCsrfToken } from '../../shared/web/csrf.ts';

const secret = new Uint8Array(32).fill(7);

describe('CSRF tokens', () => {
  it('accepts the token minted for the same session and form', () => {
    expect(validCsrfToken(secret, 'session-1', 'revoke', csrfToken(secret, 'session-1', 'revoke'))).toBe(
      true,
    );
  });

  it('refuses a token minted for another session, another form or under another secret', () => {
    const token = csrfToken(secret, 'session-1', 'revoke');
    expect(validCsrfToken(secret, 'session-2', 'revoke', token)).toBe(false);
    expect(validCsrfToken(secret, 'session-1', 'open', token)).toBe(false);
    expect(validCsrfToken(new Uint8Array(32).fill(8), 'session-1', 'revoke', token)).toBe(false);
  });

  it('refuses a missing, truncated or empty-bound token', () => {
    const token = csrfToken(secret, 'session-1', 'revoke');
    expect(validCsrfToken(secret, 'session-1', 'revoke', null)).toBe(false);
    expect(validCsrfToken(secret, 'session-1', 'revoke', token.slice(1))).toBe(false);
    expect(validCsrfToken(secret, '', 'revoke', csrfToken(secret, '', 'revoke'))).toBe(false);
  });
});
