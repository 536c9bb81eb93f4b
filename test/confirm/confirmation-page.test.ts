import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CONFIRMATION_VIEWS_DIR, confirmationPage } from '../../shared/confirm/confirmation-page.ts';
import { parseCookies } from '../../shared/web/cookies.ts';
import type { WebRequest } from '../../shared/web/http.ts';
import { createViews, installedGovukFrontendDir } from '../../shared/web/views.ts';
import { MAILBOX, MemoryContactRegister, pipelineHarness, pipelineSettings } from '../pipeline/fakes.ts';
import { citizenMail, NINO_AND_DOB } from './citizen-mail.ts';

const JO = { citizenReference: 'CR-000418', email: 'jo.bloggs@example-mail.co.uk', registerVersion: 'v' };
const views = createViews({ viewDirs: [CONFIRMATION_VIEWS_DIR] });

async function setup({ welsh = false } = {}) {
  const h = pipelineHarness({
    directory: new MemoryContactRegister([JO]),
    ...(welsh ? { settings: { mailboxes: pipelineSettings().mailboxes.map((m) => ({ ...m, welsh })) } } : {}),
  });
  const key = h.receive('m-page', citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` }));
  await h.process(key);
  const mail = (await h.mailer.parsed()).find((m) => m.to?.[0]?.address === JO.email);
  const token = mail?.text?.match(/\/confirm\/([A-Za-z0-9_-]{43})/)?.[1] ?? '';
  const handler = confirmationPage({
    service: h.confirmation,
    views,
    cookies: { key: randomBytes(32), secure: true },
    csrfSecret: randomBytes(32),
    assets: { govukFrontendDir: installedGovukFrontendDir() },
    ...(welsh ? { welshMailboxes: new Set([MAILBOX]) } : {}),
  });
  const request = (over: Partial<WebRequest>): WebRequest => ({
    method: 'GET',
    path: `/confirm/${token}`,
    query: new URLSearchParams(),
    headers: {},
    cookies: {},
    body: '',
    sourceIp: '127.0.0.1',
    requestId: 'r',
    ...over,
  });
  /** GET the page, then POST the form back as a browser would: to its action, with its cookie and CSRF field. */
  const answer = async (
    value: string | undefined,
    tamper?: (fields: URLSearchParams) => void,
    shownWith: Partial<WebRequest> = {},
  ) => {
    const shown = await handler(request(shownWith));
    const cookie = (shown.cookies?.[0] ?? '').split(';')[0] ?? '';
    const csrf = String(shown.body).match(/name="csrf" value="([^"]+)"/)?.[1] ?? '';
    const action = new URL(
      String(shown.body).match(/<form method="post" action="([^"]+)"/)?.[1] ?? '',
      'https://x',
    );
    const fields = new URLSearchParams({ csrf, ...(value ? { answer: value } : {}) });
    tamper?.(fields);
    return handler(
      request({
        method: 'POST',
        path: action.pathname,
        query: action.searchParams,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        cookies: parseCookies(cookie),
        body: fields.toString(),
      }),
    );
  };
  return { h, key, token, handler, request, answer };
}

describe('Confirmation page', () => {
  it('asks the question on GET, with GOV.UK radios, a CSRF field and a pre-session cookie, changing nothing', async () => {
    const { h, handler, request } = await setup();
    const before = JSON.stringify([...h.holds.holds.values()]);
    const response = await handler(request({}));
    expect(response.status).toBe(200);
    const html = String(response.body);
    expect(html).toContain('Did you send us an email?');
    expect(html).toContain('class="govuk-radios');
    expect(html).toMatch(/<form method="post" action="\/confirm\/[A-Za-z0-9_-]{43}"/);
    expect(html).toContain('universal.credit@caveat.example.gov.uk');
    expect(html).not.toContain('alex.morgan');
    expect(html).not.toContain('JT 48');
    expect(response.cookies?.[0]).toMatch(/^__Host-caveat-confirm=.*HttpOnly.*Secure/);
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toContain("form-action 'self'");
    expect(JSON.stringify([...h.holds.holds.values()])).toBe(before);
    expect(h.audit.entries.map((e) => e.stage)).not.toContain('confirmed');
  });

  it('asks for the release on a confirmed POST and refuses the link once it is released', async () => {
    const { h, key, answer, handler, request } = await setup();
    const done = await answer('confirm');
    expect(done.status).toBe(200);
    expect(String(done.body)).toContain('Thank you for confirming');
    expect(h.releases.requested).toEqual([`${MAILBOX}/m-page`]);
    await h.releaseQueued();
    expect(h.store.objects.has(key)).toBe(false);
    const again = await handler(request({}));
    expect(again.status).toBe(410);
    expect(String(again.body)).toContain('This link has already been used');
  });

  it('deletes the message on "No, I did not send it"', async () => {
    const { h, key, answer } = await setup();
    expect(String((await answer('not-me')).body)).toContain('We have deleted the email');
    expect(h.store.objects.has(key)).toBe(false);
  });

  it('refuses a POST without the CSRF token or with another one', async () => {
    const { h, key, answer } = await setup();
    expect((await answer('confirm', (f) => f.delete('csrf'))).status).toBe(403);
    expect((await answer('confirm', (f) => f.set('csrf', 'x'.repeat(43)))).status).toBe(403);
    expect(h.store.objects.has(key)).toBe(true);
    expect([...h.holds.holds.values()][0]?.decision).toBeUndefined();
  });

  it('asks again, with a GOV.UK error summary, when no answer is chosen', async () => {
    const { answer } = await setup();
    const response = await answer(undefined);
    expect(response.status).toBe(400);
    expect(String(response.body)).toContain('govuk-error-summary');
    expect(String(response.body)).toContain('Select whether you sent the email');
  });

  it('says a link is not valid for unknown tokens and other paths', async () => {
    const { handler, request } = await setup();
    expect((await handler(request({ path: `/confirm/${'A'.repeat(43)}` }))).status).toBe(404);
    expect((await handler(request({ path: '/elsewhere' }))).status).toBe(404);
    expect((await handler(request({ method: 'DELETE' }))).status).toBe(405);
  });

  it('serves the GOV.UK stylesheet itself', async () => {
    const { handler, request } = await setup();
    expect((await handler(request({ path: '/assets/govuk-frontend.min.css' }))).status).toBe(200);
  });
});

describe('Confirmation page for a mailbox configured for Wales (DWP Email Policy 3.9)', () => {
  const lang = (value: string) => ({ query: new URLSearchParams({ lang: value }) });

  it('opens in Welsh, with Welsh dates, the Welsh disclaimer and the template in Welsh', async () => {
    const { handler, request } = await setup({ welsh: true });
    const response = await handler(request({}));
    const html = String(response.body);
    expect(response.status).toBe(200);
    expect(response.headers['content-language']).toBe('cy');
    expect(html).toMatch(/<html lang="cy"/);
    expect(html).toContain(
      '<title>Wnaethoch chi anfon e-bost atom? – Cadarnhau e-bost a anfonoch at DWP – GOV.UK',
    );
    expect(html).toContain('Do, fi a&#39;i hanfonodd');
    expect(html).toContain('Parhau');
    expect(html).toContain('Ni fydd DWP byth yn gofyn i chi');
    expect(html).toContain('Neidio i&#39;r prif gynnwys');
    expect(html).toContain('© Hawlfraint y Goron');
    expect(html).toMatch(/Cawsom e-bost ar \d{1,2} [A-Z][a-z]+ \d{4}/);
    expect(html).not.toContain('Did you send us an email?');
    expect(html).toMatch(/<form method="post" action="\/confirm\/[A-Za-z0-9_-]{43}\?lang=cy"/);
  });

  it('offers English in a language toggle, marked in its own language, and switches on ?lang=en', async () => {
    const { handler, request } = await setup({ welsh: true });
    const welshPage = String((await handler(request({}))).body);
    expect(welshPage).toMatch(/<span aria-current="true">Cymraeg<\/span>/);
    expect(welshPage).toMatch(/href="\/confirm\/[A-Za-z0-9_-]{43}\?lang=en"[^>]*lang="en" hreflang="en"/);
    expect(welshPage).toContain('Change the language to English');
    const english = await handler(request(lang('en')));
    const html = String(english.body);
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('Did you send us an email?');
    expect(html).toMatch(/<span aria-current="true">English<\/span>/);
    expect(html).toContain('Newid yr iaith i&#39;r Gymraeg');
    expect(html).toMatch(/action="\/confirm\/[A-Za-z0-9_-]{43}\?lang=en"/);
  });

  it('answers in the language the question was read in', async () => {
    const inWelsh = await setup({ welsh: true });
    const done = await inWelsh.answer('confirm');
    expect(done.status).toBe(200);
    expect(String(done.body)).toContain('Diolch am gadarnhau');
    const spent = await inWelsh.handler(inWelsh.request({}));
    expect(spent.status).toBe(410);
    expect(String(spent.body)).toContain('Mae&#39;r ddolen hon eisoes wedi cael ei defnyddio');

    const inEnglish = await setup({ welsh: true });
    const deleted = await inEnglish.answer('not-me', undefined, lang('en'));
    expect(String(deleted.body)).toContain('We have deleted the email');
    expect(deleted.headers['content-language']).toBe('en');
  });

  it('shows the error summary in Welsh, with Welsh hidden error text', async () => {
    const { answer } = await setup({ welsh: true });
    const response = await answer(undefined);
    const html = String(response.body);
    expect(response.status).toBe(400);
    expect(html).toContain('Mae problem wedi codi');
    expect(html).toContain('Dewiswch a wnaethoch chi anfon yr e-bost');
    expect(html).toContain('<span class="govuk-visually-hidden">Gwall:</span>');
    expect(html).toContain('<title>Gwall: Wnaethoch chi anfon e-bost atom?');
  });

  it('refuses a forged answer in the language of the form', async () => {
    const { answer } = await setup({ welsh: true });
    const refused = await answer('confirm', (f) => f.delete('csrf'));
    expect(refused.status).toBe(403);
    expect(String(refused.body)).toContain('Ni anfonwyd eich ateb');
  });

  it('offers Welsh on a link that names no hold, English first', async () => {
    const { handler, request } = await setup({ welsh: true });
    const unknown = { path: `/confirm/${'A'.repeat(43)}` };
    expect(String((await handler(request(unknown))).body)).toContain('This link is not valid');
    const welshUnknown = await handler(request({ ...unknown, ...lang('cy') }));
    expect(welshUnknown.status).toBe(404);
    expect(String(welshUnknown.body)).toContain('Nid yw&#39;r ddolen hon yn ddilys');
  });

  it('stays English only, with no toggle, for a mailbox not configured for Wales', async () => {
    const { handler, request } = await setup();
    const html = String((await handler(request(lang('cy')))).body);
    expect(html).toMatch(/<html lang="en"/);
    expect(html).toContain('Did you send us an email?');
    expect(html).not.toContain('aria-current="true"');
    expect(html).not.toContain('Cymraeg');
    expect(html).toMatch(/action="\/confirm\/[A-Za-z0-9_-]{43}"/);
  });
});
