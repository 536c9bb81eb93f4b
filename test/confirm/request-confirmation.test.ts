import { describe, expect, it } from 'vitest';
import { citizenReferencePattern } from '../../shared/confirm/citizen-references.ts';
import { linkHash } from '../../shared/pipeline/link-hash.ts';
import { MemoryContactRegister, pipelineHarness, pipelineSettings } from '../pipeline/fakes.ts';
import { citizenMail, NINO_AND_DOB } from './citizen-mail.ts';

const JO = {
  citizenReference: 'CR-000418',
  email: 'jo.bloggs@example-mail.co.uk',
  registerVersion: 'reg-v7',
};
const SAM = { citizenReference: 'CR-000532', mobile: '+447400123456', registerVersion: 'reg-v7' };
const TOKEN_URL = /https:\/\/portal\.caveat\.example\.gov\.uk\/confirm\/([A-Za-z0-9_-]{43})/;

function setup(settings = {}) {
  return pipelineHarness({ directory: new MemoryContactRegister([JO, SAM]), settings });
}
const confirmRequest = (h: ReturnType<typeof setup>) =>
  h.audit.entries.find((e) => e.stage === 'confirm-request');

describe('Requesting confirmation of a held message (DWP Email Policy 3.10)', () => {
  it('emails the validated address of the citizen the message names, with a single-use link stored as a hash', async () => {
    const h = setup();
    await h.process(h.receive('m-1', citizenMail({ body: `Re CR-000418. ${NINO_AND_DOB}` })));
    const mails = await h.mailer.parsed();
    const request = mails.find((m) => m.to?.[0]?.address === JO.email);
    expect(request?.subject).toBe('Did you send us an email?');
    expect(mails.some((m) => m.to?.[0]?.address === 'alex.morgan@example-mail.co.uk')).toBe(false);
    const token = request?.text?.match(TOKEN_URL)?.[1] ?? '';
    const hold = [...h.holds.holds.values()][0];
    expect(hold?.confirmationHash).toBe(linkHash(token));
    expect(JSON.stringify(hold)).not.toContain(token);
    expect(request?.text).not.toContain('JT 48');
    expect(request?.text).not.toContain('CR-000418');
    expect(request?.headers.find((x) => x.key === 'auto-submitted')?.value).toBe('auto-replied');
    expect(confirmRequest(h)?.outcome).toEqual({
      route: 'contact-point',
      channel: 'email',
      reason: 'named-citizen',
      registerVersion: 'reg-v7',
      request: 'sent',
    });
    expect(JSON.stringify(confirmRequest(h))).not.toContain(JO.email);
    expect(JSON.stringify(confirmRequest(h))).not.toContain('CR-000418');
  });

  it("finds citizen references with the deployment's configured pattern", async () => {
    const kim = { citizenReference: '12345678', email: 'kim@example-mail.co.uk', registerVersion: 'reg-v7' };
    const asked = async (settings: object) => {
      const h = pipelineHarness({ directory: new MemoryContactRegister([kim]), settings });
      await h.process(h.receive('m-ref', citizenMail({ body: `Case 12345678. ${NINO_AND_DOB}` })));
      return (await h.mailer.parsed()).some((m) => m.to?.[0]?.address === kim.email);
    };
    await expect(asked({})).resolves.toBe(false);
    await expect(asked({ citizenReference: citizenReferencePattern('\\b\\d{8}\\b') })).resolves.toBe(true);
  });

  it('texts the citizen whose only contact point is a mobile, from the approved template', async () => {
    const h = setup();
    await h.process(h.receive('m-2', citizenMail({ body: `Re CR-000532. ${NINO_AND_DOB}` })));
    expect(h.sms.sent).toEqual([
      { to: SAM.mobile, templateId: 'caveat-confirm-request-v1', body: expect.stringMatching(TOKEN_URL) },
    ]);
    expect(confirmRequest(h)?.outcome).toMatchObject({ channel: 'sms', request: 'sent' });
  });

  it('asks a validated sender whose message failed DMARC at their validated address', async () => {
    const h = setup();
    await h.process(
      h.receive('m-3', citizenMail({ from: `Jo <${JO.email}>`, dmarc: 'fail', body: NINO_AND_DOB })),
    );
    expect(confirmRequest(h)?.outcome).toMatchObject({
      route: 'contact-point',
      reason: 'sender-unauthenticated',
    });
    expect((await h.mailer.parsed()).some((m) => m.subject === 'Did you send us an email?')).toBe(true);
  });

  it('acknowledges an authenticated sender with no contact point to ask, without a link', async () => {
    const h = setup();
    await h.process(h.receive('m-4', citizenMail({ body: NINO_AND_DOB })));
    const ack = (await h.mailer.parsed()).find(
      (m) => m.to?.[0]?.address === 'alex.morgan@example-mail.co.uk',
    );
    expect(ack?.subject).toBe('We have received your email');
    expect(ack?.text).toContain('https://www.gov.uk/contact-jobcentre-plus');
    expect(ack?.text).not.toMatch(TOKEN_URL);
    expect([...h.holds.holds.values()][0]?.confirmationHash).toBeUndefined();
  });

  it('sends the sender nothing when SPF and DKIM both failed', async () => {
    const h = setup();
    await h.process(
      h.receive('m-5', citizenMail({ spf: 'fail', dkim: 'fail', dmarc: 'fail', body: NINO_AND_DOB })),
    );
    expect(h.mailer.sent.map((m) => m.to)).toEqual([['uc-team@dwp.example.gov.uk']]);
    expect(confirmRequest(h)?.outcome).toEqual({
      route: 'none',
      reason: 'sender-unauthenticated',
      request: 'not-sent',
    });
  });

  it('answers in Welsh and English for a Wales mailbox (3.9)', async () => {
    const [mailbox] = pipelineSettings().mailboxes;
    const welsh = pipelineHarness({
      directory: new MemoryContactRegister([JO]),
      settings: { mailboxes: [{ ...mailbox!, welsh: true }] },
    });
    await welsh.process(welsh.receive('m-6', citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` })));
    const request = (await welsh.mailer.parsed()).find((m) => m.to?.[0]?.address === JO.email);
    expect(request?.subject).toBe('Wnaethoch chi anfon e-bost atom? / Did you send us an email?');
  });

  it('sends one request however often the message is delivered', async () => {
    const h = setup();
    const key = h.receive('m-7', citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` }));
    await h.process(key);
    await h.process(key);
    expect((await h.mailer.parsed()).filter((m) => m.to?.[0]?.address === JO.email)).toHaveLength(1);
  });

  it('stops configuration when the SMS template breaks the SMS policy', () => {
    expect(() =>
      setup({ smsTemplate: { id: 'caveat-confirm-request-v1', text: 'Confirm at https://bit.ly/x' } }),
    ).toThrow(
      'SMS template "caveat-confirm-request-v1" breaks DWP SMS Text Policy 8.3: shortened links are not allowed: https://bit.ly/x',
    );
    expect(() => setup({ confirmBaseUrl: 'https://confirm.example.com' })).toThrow(
      /breaks DWP SMS Text Policy 8\.2/,
    );
  });

  it('tells a citizen who sent a card number not to, without the number (1.10)', async () => {
    const h = setup();
    await h.process(
      h.receive('m-8', citizenMail({ body: 'Please take the payment from card 4111 1111 1111 1111.' })),
    );
    const reply = (await h.mailer.parsed()).find((m) => m.subject === 'Do not send card details by email');
    expect(reply?.to?.[0]?.address).toBe('alex.morgan@example-mail.co.uk');
    expect(reply?.text).not.toContain('1111');
  });

  it('does not answer a card number from a sender that failed SPF and DKIM', async () => {
    const h = setup();
    await h.process(
      h.receive(
        'm-9',
        citizenMail({ spf: 'fail', dkim: 'fail', dmarc: 'fail', body: 'Card 4111 1111 1111 1111.' }),
      ),
    );
    expect((await h.mailer.parsed()).some((m) => m.subject === 'Do not send card details by email')).toBe(
      false,
    );
  });
});
