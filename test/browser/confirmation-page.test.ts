/**
 * A citizen answers a confirmation request in a real browser: a held message naming their
 * citizen reference, the request in the local SES outbox, its link opened in headless Chromium
 * on the local confirmation page, the form answered, and the message released. axe-core checks
 * each page. The page ships no script of its own; the form is a plain POST (the integration tests
 * answer it with no browser at all).
 */
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../local/stack.ts';
import { citizenMail, NINO_AND_DOB } from '../confirm/citizen-mail.ts';
import { startTestStack, type TestStack } from '../integration/support.ts';
import { launchChromium, screenshot, seriousViolations } from './chromium.ts';

const MAILBOX = 'universal.credit@caveat.example.gov.uk';
/** Configured `"welsh": true` in cdk.json. */
const WELSH_MAILBOX = 'credyd.cynhwysol@caveat.example.gov.uk';
const LINK = /https:\/\/portal\.caveat\.example\.gov\.uk(\/confirm\/[A-Za-z0-9_-]{43})/;

describe('the confirmation page in Chromium', () => {
  let test: TestStack;
  let browser: Browser;
  let page: Page;
  let path: string;
  let welshPath: string;

  beforeAll(async () => {
    test = await startTestStack({ stories: [] });
    const { stack } = test;
    const s3 = new S3Client({
      region: stack.config.region,
      endpoint: stack.s3.endpoint,
      forcePathStyle: true,
      credentials: LOCAL_CREDENTIALS,
    });
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `inbound/${MAILBOX}/m-browser`,
        Body: citizenMail({ body: `Re CR-000418. ${NINO_AND_DOB}` }),
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: stack.bucket,
        Key: `inbound/${WELSH_MAILBOX}/m-browser-cy`,
        Body: citizenMail({ body: `Re CR-000977. ${NINO_AND_DOB}` }),
      }),
    );
    s3.destroy();
    await stack.queue.drained();
    const sent = await stack.ses.sent();
    const linkTo = (address: string) =>
      sent.find((m) => m.destination.to.includes(address))?.body.text?.match(LINK)?.[1] ?? '';
    path = linkTo('jo.bloggs@example-mail.co.uk');
    welshPath = linkTo('rhys.pritchard@example-mail.co.uk');
    browser = await launchChromium();
    page = await (await browser.newContext()).newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await test?.stop();
  });

  it('shows the question, accessibly', async () => {
    expect(path).toMatch(/^\/confirm\//);
    await page.goto(`${test.stack.confirm.url}${path}`);
    await expect(page.title()).resolves.toBe(
      'Did you send us an email? – Confirm an email you sent to DWP – GOV.UK',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'confirm-question');
  });

  it('shows a GOV.UK error summary when no answer is chosen', async () => {
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('.govuk-error-summary').textContent()).resolves.toContain(
      'Select whether you sent the email',
    );
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('releases the message when the citizen confirms, and the link is spent', async () => {
    await page.getByLabel('Yes, I sent it').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect(page.locator('h1').textContent()).resolves.toContain('Thank you for confirming');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'confirm-done');
    await test.stack.queue.drained();
    expect((await test.probe.entries('m-browser')).map((e) => e.stage)).toContain('released');
    const again = await page.goto(`${test.stack.confirm.url}${path}`);
    expect(again?.status()).toBe(410);
  });

  describe('for a mailbox configured for Wales', () => {
    let welsh: Page;
    beforeAll(async () => {
      welsh = await (await browser.newContext()).newPage();
    });

    it('opens in Welsh, accessibly, with English a click away', async () => {
      expect(welshPath).toMatch(/^\/confirm\//);
      await welsh.goto(`${test.stack.confirm.url}${welshPath}`);
      await expect(welsh.title()).resolves.toBe(
        'Wnaethoch chi anfon e-bost atom? – Cadarnhau e-bost a anfonoch at DWP – GOV.UK',
      );
      await expect(welsh.locator('html').getAttribute('lang')).resolves.toBe('cy');
      expect(await seriousViolations(welsh)).toEqual([]);
      await screenshot(welsh, 'confirm-question-cy');
      await welsh.getByRole('link', { name: 'Change the language to English' }).click();
      await expect(welsh.locator('html').getAttribute('lang')).resolves.toBe('en');
      await expect(welsh.locator('h1').textContent()).resolves.toContain('Did you send us an email?');
      expect(await seriousViolations(welsh)).toEqual([]);
      await welsh.getByRole('link', { name: "Newid yr iaith i'r Gymraeg" }).click();
      await expect(welsh.locator('html').getAttribute('lang')).resolves.toBe('cy');
    });

    it('shows the error summary in Welsh', async () => {
      await welsh.getByRole('button', { name: 'Parhau' }).click();
      await expect(welsh.locator('.govuk-error-summary').textContent()).resolves.toContain(
        'Dewiswch a wnaethoch chi anfon yr e-bost',
      );
      expect(await seriousViolations(welsh)).toEqual([]);
    });

    it('deletes the message when the citizen answers that they did not send it, in Welsh', async () => {
      await welsh.getByLabel("Na, nid fi a'i hanfonodd").check();
      await welsh.getByRole('button', { name: 'Parhau' }).click();
      await expect(welsh.locator('h1').textContent()).resolves.toContain("Rydym wedi dileu'r e-bost");
      expect(await seriousViolations(welsh)).toEqual([]);
      await screenshot(welsh, 'confirm-not-me-cy');
      expect((await test.probe.entries('m-browser-cy')).map((e) => e.stage)).toContain('not-me');
    });
  });
});
