import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { ATTACHMENT, type PortalScene, portalScene } from './portal-support.ts';

/** A client with one cookie jar for the loopback host, following redirects itself. */
class Client {
  readonly cookies = new Map<string, string>();
  async go(url: string, init: { method?: string; form?: Record<string, string> } = {}) {
    let target = new URL(url);
    let method = init.method ?? 'GET';
    let body: string | undefined = init.form ? new URLSearchParams(init.form).toString() : undefined;
    for (let hop = 0; hop < 15; hop++) {
      const response = await fetch(target, {
        method,
        redirect: 'manual',
        headers: {
          cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
      });
      for (const cookie of response.headers.getSetCookie()) {
        const [pair = ''] = cookie.split(';');
        const at = pair.indexOf('=');
        if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie)) this.cookies.delete(pair.slice(0, at));
        else this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
      }
      const location = response.headers.get('location');
      if (!location || response.status < 300 || response.status > 399) {
        return { response, url: target, text: await response.text() };
      }
      target = new URL(location, target);
      method = 'GET';
      body = undefined;
    }
    throw new Error('too many redirects');
  }
}

const field = (html: string, name: string) =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1] ?? '';

describe('the officer portal on the local stack', () => {
  let scene: PortalScene;
  let stack: LocalStack;
  let sent: PortalScene['sent'];
  let link: URL;

  beforeAll(async () => {
    scene = await portalScene();
    ({ stack, sent, link } = scene);
  }, 180_000);

  afterAll(() => scene?.stop());

  const signIn = async (client: Client, username: string) => {
    const token = link.hash.slice('#t='.length);
    const form = await client.go(`${link.origin}/open`);
    const login = await client.go(`${link.origin}/open`, {
      method: 'POST',
      form: { csrf: field(form.text, 'csrf'), token },
    });
    expect(login.url.origin).toBe(stack.oidc.issuer);
    const uid = /action="\/interaction\/([\w-]+)\/login"/.exec(login.text)?.[1];
    return client.go(`${stack.oidc.issuer}/interaction/${uid}/login`, {
      method: 'POST',
      form: { username, password: stack.oidc.password },
    });
  };

  it('puts the portal link to the local portal in the notification', () => {
    expect(link.origin).toBe(stack.portal.url);
    expect(link.pathname).toBe('/open');
  });

  it('signs an entitled officer in at the local provider and shows the message and its attachment', async () => {
    const client = new Client();
    const page = await signIn(client, 'uc-officers.officer');
    expect(page.response.status).toBe(200);
    expect(decodeURIComponent(page.url.pathname)).toBe(
      `/mailboxes/${sent.mailbox}/messages/${sent.messageId}`,
    );
    expect(page.text).toContain('OFFICIAL-SENSITIVE: safeguarding referral with notes');
    expect(page.text).toContain('uc-officers officer');
    expect(page.text).not.toContain('tracker.example');
    const download = await client.go(`${page.url.href}/attachments/0`);
    expect(download.response.headers.get('content-disposition')).toContain(
      `filename="${ATTACHMENT.filename}"`,
    );
    expect(download.text).toBe(ATTACHMENT.content);

    const Items = await scene.auditEntries();
    const stages = Items.map((item) => item.stage);
    expect(stages).toEqual(expect.arrayContaining(['protect', 'portal-view', 'portal-download']));
    expect(Items.find((item) => item.stage === 'portal-view')).toMatchObject({
      actor: 'officer:uc-officers.officer',
    });
  });

  it('refuses an officer in no entitled group, and a wrong password', async () => {
    const outsider = await signIn(new Client(), 'visitor.officer');
    expect(outsider.response.status).toBe(403);
    expect(outsider.text).toContain('You cannot read this mailbox');
    const client = new Client();
    const form = await client.go(`${link.origin}/sign-in`);
    const uid = /action="\/interaction\/([\w-]+)\/login"/.exec(form.text)?.[1];
    const wrong = await client.go(`${stack.oidc.issuer}/interaction/${uid}/login`, {
      method: 'POST',
      form: { username: 'uc-officers.officer', password: 'not-the-password' },
    });
    expect(wrong.response.status).toBe(401);
    expect(client.cookies.has('caveat-session')).toBe(false);
  });
});
