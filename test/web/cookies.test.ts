import { describe, expect, it } from 'vitest';
import { clearedCookie, openCookie, parseCookies, sealedCookie } from '../../shared/web/cookies.ts';

const settings = { key: new Uint8Array(32).fill(1), secure: true };

function jar(setCookie: string): Record<string, string | undefined> {
  return parseCookies(setCookie.split(';')[0]);
}

describe('Sealed cookies', () => {
  it('round-trips a payload under the __Host- prefix with strict attributes', async () => {
    const header = await sealedCookie(settings, 'session', { sub: 'officer-1' }, 600);
    expect(header).toMatch(/^__Host-session=/);
    expect(header).toContain('HttpOnly');
    expect(header).toContain('Secure');
    expect(header).toContain('SameSite=Lax');
    expect(header).toContain('Path=/');
    expect(await openCookie(settings, jar(header), 'session')).toMatchObject({ sub: 'officer-1' });
  });

  it('keeps the payload unreadable to the client', async () => {
    const header = await sealedCookie(settings, 'session', { sub: 'officer-secret-id' }, 600);
    const value = header.split(';')[0]!.split('=')[1]!;
    const decoded = value
      .split('.')
      .map((part) => Buffer.from(part, 'base64url').toString('latin1'))
      .join('');
    expect(decoded).not.toContain('officer-secret-id');
  });

  it('refuses a tampered value, another key, another cookie name and an expired one', async () => {
    const header = await sealedCookie(settings, 'session', { sub: 'a' }, 600);
    const cookies = jar(header);
    const value = cookies['__Host-session']!;
    const tampered = `${value.slice(0, -3)}${value.endsWith('AAA') ? 'BBB' : 'AAA'}`;
    expect(await openCookie(settings, { '__Host-session': tampered }, 'session')).toBeUndefined();
    expect(
      await openCookie({ ...settings, key: new Uint8Array(32).fill(2) }, cookies, 'session'),
    ).toBeUndefined();
    expect(await openCookie(settings, { '__Host-pending': value }, 'pending')).toBeUndefined();
    const expired = await sealedCookie(settings, 'session', { sub: 'a' }, -10);
    expect(await openCookie(settings, jar(expired), 'session')).toBeUndefined();
  });

  it('drops Secure and the prefix only for plain-HTTP local runs, and clears with Max-Age=0', async () => {
    const local = { ...settings, secure: false };
    const header = await sealedCookie(local, 'session', {}, 60);
    expect(header).toMatch(/^session=/);
    expect(header).not.toContain('Secure');
    expect(clearedCookie(settings, 'session')).toMatch(/^__Host-session=;.*Max-Age=0/);
  });
});
