/**
 * An officer reads a protected message in a real browser: an OFFICIAL-SENSITIVE message sent
 * over SMTP to the local stack, the notification in the local SES outbox, its link followed in
 * headless Chromium, sign-in at the local OpenID Connect provider, the message read and its
 * attachment downloaded, and the accesses found in the audit table. axe-core checks each page.
 */
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalStack } from '../../local/stack.ts';
import { ATTACHMENT, type PortalScene, portalScene } from '../integration/portal-support.ts';
import { launchChromium, screenshot, seriousViolations } from './chromium.ts';

describe('the officer portal in Chromium', () => {
  let scene: PortalScene;
  let stack: LocalStack;
  let sent: PortalScene['sent'];
  let link: URL;
  let browser: Browser;

  beforeAll(async () => {
    scene = await portalScene();
    ({ stack, sent, link } = scene);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await scene?.stop();
  });

  /** A fresh browser profile that records any CSP violation the pages report. */
  async function officerBrowser(options: { javaScriptEnabled?: boolean } = {}) {
    const context: BrowserContext = await browser.newContext({ acceptDownloads: true, ...options });
    const page = await context.newPage();
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (/Content[ -]Security[ -]Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    return { context, page, cspViolations };
  }

  async function signIn(page: Page, username: string) {
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(stack.oidc.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('follows the notification link, signs in, reads the message, downloads the attachment, and is audited', async () => {
    const { context, page, cspViolations } = await officerBrowser();
    const axe: Record<string, string[]> = {};

    await page.goto(link.href);
    await expect.poll(() => page.url()).toBe(`${stack.portal.url}/open`);
    await page.getByText('The link code has been read from the link.').waitFor();
    axe.open = await seriousViolations(page);
    await screenshot(page, '1-open-link');

    await page.getByRole('button', { name: 'Continue' }).click();
    await page.waitForURL(`${stack.oidc.issuer}/**`);
    axe.signIn = await seriousViolations(page);
    await screenshot(page, '2-sign-in');
    await signIn(page, 'uc-officers.officer');

    await page.waitForURL(`${stack.portal.url}/mailboxes/**`);
    await page
      .getByRole('heading', { name: 'OFFICIAL-SENSITIVE: safeguarding referral with notes' })
      .waitFor();
    expect(new URL(page.url()).hash).toBe('');
    const frame = page.frameLocator('iframe[title="Formatted message"]');
    await expect.poll(() => frame.locator('b').textContent()).toBe('attached');
    expect(await frame.locator('img').count()).toBe(0);
    axe.message = await seriousViolations(page);
    await screenshot(page, '3-message');

    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: `Download ${ATTACHMENT.filename}` }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(ATTACHMENT.filename);
    expect(readFileSync((await download.path()) ?? '', 'utf8')).toBe(ATTACHMENT.content);

    await page.getByRole('link', { name: 'Back to the mailbox' }).click();
    await page.getByRole('heading', { name: 'Messages' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: sent.messageId }).textContent()).toContain('Read');
    axe.inbox = await seriousViolations(page);
    await screenshot(page, '4-inbox');

    await page.getByRole('link', { name: 'Mailboxes' }).click();
    axe.home = await seriousViolations(page);
    await screenshot(page, '5-mailboxes');

    expect(axe).toEqual({ open: [], signIn: [], message: [], inbox: [], home: [] });
    expect(cspViolations).toEqual([]);
    await context.close();

    const accesses = (await scene.auditEntries()).filter((item) => String(item.stage).startsWith('portal-'));
    expect(accesses.map((item) => item.stage).sort()).toEqual(['portal-download', 'portal-view']);
    for (const access of accesses) {
      expect(access).toMatchObject({ actor: 'officer:uc-officers.officer', mailbox: sent.mailbox });
      expect((access.outcome as { sourceIp: string }).sourceIp).toMatch(/127\.0\.0\.1/);
    }
  });

  it('works without JavaScript: the officer pastes the link code', async () => {
    const { context, page } = await officerBrowser({ javaScriptEnabled: false });
    await page.goto(link.href);
    await page.getByLabel('Link code').fill(link.hash.slice('#t='.length));
    await page.getByRole('button', { name: 'Continue' }).click();
    await signIn(page, 'uc-officers.officer');
    await page
      .getByRole('heading', { name: 'OFFICIAL-SENSITIVE: safeguarding referral with notes' })
      .waitFor();
    await context.close();
  });

  it('shows clear, accessible pages when an officer may not read the mailbox or the link is wrong', async () => {
    const { context, page } = await officerBrowser();
    await page.goto(link.href);
    await page.getByRole('button', { name: 'Continue' }).click();
    await signIn(page, 'visitor.officer');
    await page.getByRole('heading', { name: 'You cannot read this mailbox' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '6-not-entitled');

    await page.goto(`${stack.portal.url}/open#t=${'A'.repeat(43)}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'This link is not recognised' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, '7-unknown-link');
    await context.close();
  });
});
