import { describe, expect, it } from 'vitest';
import type { Officer, PendingSignIn, SignIn } from '../../../shared/portal/ports.ts';
import { createPortalWeb, messagePath } from '../../../shared/portal/web/portal-web.ts';
import { CARD, MAILBOX, OFFICER, OUTSIDER, portalHarness } from '../fakes.ts';
import { Browser, field } from './support.ts';

/** A provider that signs in whichever officer the test names, checking state and verifier like a real one. */
class FakeSignIn implements SignIn {
  officer: Officer = OFFICER;
  async authorizationOrigin() {
    return 'https://idp.test';
  }
  async begin() {
    const pending: PendingSignIn = { state: `s-${Math.random()}`, nonce: 'n', codeVerifier: 'v' };
    return { url: `https://idp.test/authorize?state=${encodeURIComponent(pending.state)}`, pending };
  }
  async complete(url: URL, pending: PendingSignIn) {
    if (url.searchParams.get('state') !== pending.state || url.searchParams.get('code') !== 'good-code') {
      throw new Error('state or code mismatch');
    }
    return this.officer;
  }
}

async function setup(options: { linkTtlHours?: number } = {}) {
  const h = await portalHarness(options);
  const signIn = new FakeSignIn();
  const handler = createPortalWeb({
    portal: h.portal,
    signIn,
    settings: {
      cookies: { key: new Uint8Array(32).fill(3), secure: true },
      csrfSecret: new Uint8Array(32).fill(4),
      baseUrl: 'https://portal.test',
    },
  });
  const browser = new Browser(handler);
  /** Follows the sign-in round trip as the provider would send the browser back. */
  const signInAs = async (officer: Officer = OFFICER, returnTo = '/') => {
    signIn.officer = officer;
    const start = await browser.get(`/sign-in?return=${encodeURIComponent(returnTo)}`);
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    return browser.get(`/auth/callback?code=good-code&state=${encodeURIComponent(state)}`);
  };
  const openLink = async (token: string) => {
    const form = await browser.get('/open');
    return browser.post('/open', { csrf: field(form.text, 'csrf'), token });
  };
  return { ...h, browser, signIn, signInAs, openLink, handler };
}

const messageUrl = messagePath(MAILBOX, 'm-1');

/** Signed in as an entitled officer, with message m-1 protected. */
async function signedInWithMessage(options: { linkTtlHours?: number } = {}) {
  const h = await setup(options);
  await h.protect('m-1');
  await h.signInAs();
  return h;
}

describe('Portal pages: headers and the start page', () => {
  it('serves every page with a strict CSP, HSTS, no referrer and no caching', async () => {
    const { browser } = await setup();
    const home = await browser.get('/');
    expect(home.status).toBe(200);
    expect(home.text).toContain('Sign in');
    expect(home.headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
      'content-type': 'text/html; charset=utf-8',
    });
    expect(home.headers['content-security-policy']).toMatch(/default-src 'none'.*frame-ancestors 'none'/);
    // The link form's post ends at the provider's sign-in page, so the provider may be a form's end.
    expect(home.headers['content-security-policy']).toContain("form-action 'self' https://idp.test;");
  });

  it('serves the GOV.UK stylesheet and its own link script locally', async () => {
    const { browser } = await setup();
    expect((await browser.get('/assets/govuk-frontend.min.css')).status).toBe(200);
    const script = await browser.get('/assets/open-link.js');
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect((await browser.get('/assets/../../package.json')).status).toBe(404);
  });

  it('answers an unknown page with a 404 page', async () => {
    const { browser } = await setup();
    const response = await browser.get('/nothing-here');
    expect(response.status).toBe(404);
    expect(response.text).toContain('Page not found');
  });
});

describe('Portal pages: opening a link', () => {
  it('shows a form on GET and changes nothing, however often a scanner fetches it', async () => {
    const h = await setup();
    await h.protect('m-1');
    const before = JSON.stringify([...h.links.links.values()]);
    for (let i = 0; i < 3; i++) expect((await h.browser.get('/open')).status).toBe(200);
    const form = await h.browser.get('/open');
    expect(form.text).toContain('name="token"');
    expect(form.text).toContain('<script src="/assets/open-link.js"></script>');
    expect(JSON.stringify([...h.links.links.values()])).toBe(before);
    expect(h.audit.entries).toHaveLength(0);
  });

  it('leads from a valid link to the message page, which asks for sign-in first', async () => {
    const h = await setup();
    const token = await h.protect('m-1');
    const opened = await h.openLink(token);
    expect(opened.status).toBe(303);
    expect(opened.headers.location).toBe(messageUrl);
    expect(opened.headers.location).not.toContain(token);
    const page = await h.browser.get(messageUrl);
    expect(page.status).toBe(303);
    expect(page.headers.location).toBe(
      `/sign-in?return=${encodeURIComponent(decodeURIComponent(messageUrl))}`,
    );
    expect(h.store.reads).toBe(0);
  });

  it('refuses a form without its CSRF token', async () => {
    const h = await setup();
    const token = await h.protect('m-1');
    await h.browser.get('/open');
    const response = await h.browser.post('/open', { token, csrf: 'forged' });
    expect(response.status).toBe(403);
    expect(response.text).toContain('The form has expired');
  });

  it('shows a tampered token as not recognised, and stops a source after repeated failures', async () => {
    const h = await setup();
    const token = await h.protect('m-1');
    const tampered = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    const response = await h.openLink(tampered);
    expect(response.status).toBe(404);
    expect(response.text).toContain('This link is not recognised');
    for (let i = 0; i < 4; i++) await h.openLink(`${tampered}${i}`);
    const limited = await h.openLink(token);
    expect(limited.status).toBe(429);
    expect(limited.text).toContain('Too many attempts');
  });

  it('shows an expired link and a revoked link as clear pages', async () => {
    const h = await setup({ linkTtlHours: 1 });
    const token = await h.protect('m-1');
    h.clock.current = new Date(h.clock.current.getTime() + 2 * 3_600_000);
    const expired = await h.openLink(token);
    expect(expired.status).toBe(410);
    expect(expired.text).toContain('This link has expired');
    const fresh = await h.protect('m-2');
    await h.portal.revokeLink(
      { officer: OFFICER, sourceIp: 'x', requestId: 'r' },
      { mailbox: MAILBOX, messageId: 'm-2' },
    );
    const revoked = await h.openLink(fresh);
    expect(revoked.status).toBe(410);
    expect(revoked.text).toContain('This link has been revoked');
  });
});

describe('Portal pages: sign-in', () => {
  it('signs in with the code flow and returns to the page asked for, with a sealed session cookie', async () => {
    const h = await setup();
    const done = await h.signInAs(OFFICER, messageUrl);
    expect(done.status).toBe(303);
    expect(done.headers.location).toBe(messageUrl);
    expect(h.browser.jar.has('__Host-caveat-session')).toBe(true);
    expect(h.browser.jar.has('__Host-caveat-sign-in')).toBe(false);
    expect(h.browser.jar.get('__Host-caveat-session')).not.toContain('officer-1');
  });

  it('refuses a callback with a wrong state or without a sign-in in progress', async () => {
    const h = await setup();
    await h.browser.get('/sign-in');
    const wrong = await h.browser.get('/auth/callback?code=good-code&state=forged');
    expect(wrong.status).toBe(400);
    expect(wrong.text).toContain('Sign-in did not complete');
    const fresh = await setup();
    expect((await fresh.browser.get('/auth/callback?code=good-code&state=x')).status).toBe(400);
    expect(fresh.browser.jar.has('__Host-caveat-session')).toBe(false);
  });

  it('never returns to another site after sign-in', async () => {
    const h = await setup();
    expect((await h.signInAs(OFFICER, '//evil.example/')).headers.location).toBe('/');
    expect((await h.signInAs(OFFICER, 'https://evil.example/')).headers.location).toBe('/');
  });

  it('signs out only with the form’s CSRF token', async () => {
    const h = await setup();
    await h.signInAs();
    expect((await h.browser.post('/sign-out', { csrf: 'forged' })).status).toBe(403);
    const home = await h.browser.get('/');
    const out = await h.browser.post('/sign-out', { csrf: field(home.text, 'csrf') });
    expect(out.text).toContain('You have signed out');
    expect((await h.browser.get(messageUrl)).status).toBe(303);
  });
});

describe('Portal pages: mailboxes and messages', () => {
  it('lists the officer’s mailboxes and a mailbox’s messages with their status', async () => {
    const h = await signedInWithMessage();
    const home = await h.browser.get('/');
    expect(home.text).toContain(`href="/mailboxes/${encodeURIComponent(MAILBOX)}"`);
    const inbox = await h.browser.get(`/mailboxes/${encodeURIComponent(MAILBOX)}`);
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain('Protected message m-1');
    expect(inbox.text).toContain('govuk-tag--blue');
    expect(inbox.text).toContain('>\n  New\n<');
  });

  it('shows the message: headers, reasons, masked text, a sandboxed body and attachments', async () => {
    const h = await signedInWithMessage();
    const page = await h.browser.get(messageUrl);
    expect(page.status).toBe(200);
    expect(page.text).toContain('OFFICIAL-SENSITIVE: safeguarding referral');
    expect(page.text).toContain('rule DWP-1.7, policy paragraph 1.7');
    expect(page.text).not.toContain(CARD);
    expect(page.text).toMatch(
      /<iframe class="caveat-message-frame" sandbox title="Formatted message" srcdoc="[^"]*&lt;b&gt;attached/,
    );
    expect(page.text).not.toMatch(/<script>steal|tracker\.example/);
    expect(page.text).toContain('Download referral.pdf');
    expect(page.headers['content-security-policy']).toContain("frame-src 'self'");
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'portal-view', actor: 'officer:officer-1' });
  });

  it('downloads an attachment as an attachment with its type, never sniffed', async () => {
    const h = await signedInWithMessage();
    const download = await h.browser.get(`${messageUrl}/attachments/0`);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(download.headers['content-disposition']).toBe(
      `attachment; filename="referral.pdf"; filename*=UTF-8''referral.pdf`,
    );
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(Buffer.from(download.body).toString()).toBe('%PDF-1.4 referral');
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'portal-download' });
  });

  it('refuses an officer of another group, with a page and an audit entry', async () => {
    const h = await setup();
    await h.protect('m-1');
    await h.signInAs(OUTSIDER);
    for (const path of [
      messageUrl,
      `${messageUrl}/attachments/0`,
      `/mailboxes/${encodeURIComponent(MAILBOX)}`,
    ]) {
      const response = await h.browser.get(path);
      expect(response.status).toBe(403);
      expect(response.text).toContain('You cannot read this mailbox');
    }
    expect(h.audit.entries.filter((e) => e.outcome?.reason === 'not-entitled')).toHaveLength(3);
    expect(h.store.reads).toBe(0);
  });

  it('refuses a message sealed under another encryption context', async () => {
    const h = await setup();
    await h.protect('m-1', { context: { mailbox: 'other@caveat.example.gov.uk' } });
    await h.signInAs();
    const response = await h.browser.get(messageUrl);
    expect(response.status).toBe(422);
    expect(response.text).toContain('This message cannot be opened');
    expect(response.text).not.toContain('safeguarding');
  });

  it('shows expired and revoked messages as such, not as errors', async () => {
    const h = await signedInWithMessage({ linkTtlHours: 1 });
    h.clock.current = new Date(h.clock.current.getTime() + 2 * 3_600_000);
    const response = await h.browser.get(messageUrl);
    expect(response.status).toBe(410);
    expect(response.text).toContain('This link has expired');
  });

  it('revokes a link only with the form’s CSRF token, and the message then stays shut', async () => {
    const h = await signedInWithMessage();
    const page = await h.browser.get(messageUrl);
    expect((await h.browser.post(`${messageUrl}/revoke`, { csrf: 'forged' })).status).toBe(403);
    expect([...h.links.links.values()][0]?.revokedAt).toBeUndefined();
    const revoked = await h.browser.post(`${messageUrl}/revoke`, { csrf: revokeToken(page.text) });
    expect(revoked.status).toBe(200);
    expect(revoked.text).toContain('Link revoked');
    expect((await h.browser.get(messageUrl)).status).toBe(410);
  });
});

/** The revoke form's CSRF token (the page also carries the sign-out form's). */
function revokeToken(html: string): string {
  const form = html.slice(html.indexOf('/revoke"'));
  return field(form, 'csrf');
}
