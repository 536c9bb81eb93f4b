import { describe, expect, it } from 'vitest';
import { MAILBOX, MemoryContactRegister, pipelineHarness } from '../pipeline/fakes.ts';
import { citizenMail, NINO_AND_DOB } from './citizen-mail.ts';

const JO = {
  citizenReference: 'CR-000418',
  email: 'jo.bloggs@example-mail.co.uk',
  registerVersion: 'reg-v7',
};
const TOKEN_URL = /\/confirm\/([A-Za-z0-9_-]{43})/;

/** A message naming Jo's reference, held, with the confirmation request's token. */
async function held() {
  const h = pipelineHarness({ directory: new MemoryContactRegister([JO]) });
  const key = h.receive('m-held', citizenMail({ body: `Re CR-000418. ${NINO_AND_DOB}` }));
  await h.process(key);
  const request = (await h.mailer.parsed()).find((m) => m.to?.[0]?.address === JO.email);
  const token = request?.text?.match(TOKEN_URL)?.[1];
  if (!token) throw new Error('no confirmation link was sent');
  return { h, key, token, stages: () => h.audit.entries.map((e) => e.stage) };
}

describe('Answering a confirmation request', () => {
  it('shows a pending request without changing anything', async () => {
    const { h, token } = await held();
    const before = JSON.stringify([...h.holds.holds.values()]);
    expect(await h.confirmation.view(token)).toEqual({
      state: 'pending',
      mailbox: 'universal.credit@caveat.example.gov.uk',
      receivedAt: new Date('2026-11-23T09:00:00.000Z'),
      confirmBy: new Date('2026-12-07T09:00:00.000Z'),
    });
    expect(JSON.stringify([...h.holds.holds.values()])).toBe(before);
  });

  it('records a confirmation and asks for the release, which is classified again and protected', async () => {
    const { h, key, token, stages } = await held();
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'confirmed', mailbox: MAILBOX });
    expect(stages()).toEqual(['classify', 'confirm-request', 'hold', 'confirmed']);
    expect(h.releases.requested).toEqual([`${MAILBOX}/m-held`]);
    expect(h.store.objects.has(key)).toBe(true);

    expect(await h.releaseQueued()).toEqual([
      {
        status: 'processed',
        messageId: 'm-held',
        classification: 'OFFICIAL-SENSITIVE',
        action: 'protect',
        ruleId: expect.any(String),
        audit: 'recorded',
      },
    ]);
    expect(stages()).toEqual(['classify', 'confirm-request', 'hold', 'confirmed', 'released']);
    expect(h.audit.entries.at(-1)).toMatchObject({
      action: 'protect',
      senderTrust: 'verified-citizen',
      classification: 'OFFICIAL-SENSITIVE',
      actor: 'caveat-ingest',
    });
    expect(h.store.objects.has(key)).toBe(false);
    expect(h.store.objects.has('ciphertext/universal.credit@caveat.example.gov.uk/m-held')).toBe(true);
    expect([...h.holds.holds.values()][0]).toMatchObject({ decision: 'confirmed' });
  });

  it('refuses a used link, whatever the answer', async () => {
    const { h, token } = await held();
    await h.confirmation.answer(token, 'confirm');
    await h.releaseQueued();
    const sends = h.mailer.sent.length;
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'used', mailbox: MAILBOX });
    expect(await h.confirmation.answer(token, 'not-me')).toEqual({ state: 'used', mailbox: MAILBOX });
    expect(await h.confirmation.view(token)).toEqual({ state: 'used', mailbox: MAILBOX });
    expect(h.mailer.sent.length).toBe(sends);
    expect(h.releases.requested).toEqual([]);
  });

  it('deletes the held message when the citizen says it was not them', async () => {
    const { h, key, token, stages } = await held();
    expect(await h.confirmation.answer(token, 'not-me')).toEqual({ state: 'not-me', mailbox: MAILBOX });
    expect(h.store.objects.has(key)).toBe(false);
    expect(stages()).toEqual(['classify', 'confirm-request', 'hold', 'not-me']);
    expect(h.audit.entries.at(-1)?.outcome).toEqual({ decision: 'not-me', deleted: true });
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'used', mailbox: MAILBOX });
  });

  it('deletes held messages nobody confirmed in time, once', async () => {
    const { h, key, token, stages } = await held();
    h.clock.current = new Date('2026-12-07T08:59:59.000Z');
    expect(await h.confirmation.expireLapsed()).toBe(0);
    h.clock.current = new Date('2026-12-07T09:00:01.000Z');
    expect(await h.confirmation.expireLapsed()).toBe(1);
    expect(await h.confirmation.expireLapsed()).toBe(0);
    expect(h.store.objects.has(key)).toBe(false);
    expect(stages().at(-1)).toBe('hold-expired');
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'expired', mailbox: MAILBOX });
  });

  it('asks again for a release confirmed a quarter of an hour ago that never started, and only that', async () => {
    const { h, token } = await held();
    await h.confirmation.answer(token, 'confirm');
    h.releases.requested.length = 0; // the page's request never reached the queue
    h.clock.current = new Date('2026-11-23T09:14:00.000Z');
    expect(await h.confirmation.requestStuckReleases()).toBe(0);
    h.clock.current = new Date('2026-11-23T09:16:00.000Z');
    expect(await h.confirmation.requestStuckReleases()).toBe(1);
    expect(h.releases.requested).toEqual([`${MAILBOX}/m-held`]);
    await h.releaseQueued();
    expect(await h.confirmation.requestStuckReleases()).toBe(0);
    expect(h.releases.requested).toEqual([]);
  });

  it('does not ask again for a release whose message is gone though it was never marked', async () => {
    const { h, key, token } = await held();
    await h.confirmation.answer(token, 'confirm');
    h.store.objects.delete(key);
    h.clock.current = new Date('2026-11-23T10:00:00.000Z');
    expect(await h.confirmation.requestStuckReleases()).toBe(0);
  });

  it('treats a late answer as expiry, and deletes the message', async () => {
    const { h, key, token } = await held();
    h.clock.current = new Date('2026-12-08T00:00:00.000Z');
    expect(await h.confirmation.view(token)).toEqual({ state: 'expired', mailbox: MAILBOX });
    expect(h.store.objects.has(key)).toBe(true);
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'expired', mailbox: MAILBOX });
    expect(h.store.objects.has(key)).toBe(false);
  });

  it('honours a configured confirmation period', async () => {
    const h = pipelineHarness({ directory: new MemoryContactRegister([JO]), settings: { confirmDays: 3 } });
    await h.process(h.receive('m-3d', citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` })));
    expect([...h.holds.holds.values()][0]?.confirmBy).toBe(Date.parse('2026-11-26T09:00:00.000Z') / 1000);
  });

  it.each(['', 'short', 'A'.repeat(43), `${'A'.repeat(42)}!`])(
    'knows nothing of the token %j',
    async (token) => {
      const { h } = await held();
      expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'unknown' });
      expect(await h.confirmation.view(token)).toEqual({ state: 'unknown' });
    },
  );

  it('asks again when the citizen reopens a confirmed link before the release is done', async () => {
    const { h, key, token } = await held();
    h.store.failNext.put = new Error('S3 down');
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'confirmed', mailbox: MAILBOX });
    await expect(h.releaseQueued()).rejects.toThrow('protect');
    expect(h.store.objects.has(key)).toBe(true);
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'error', error: { stage: 'protect' } });

    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'confirmed', mailbox: MAILBOX });
    expect(h.releases.requested).toEqual([`${MAILBOX}/m-held`]);
    await h.releaseQueued();
    expect(h.store.objects.has(key)).toBe(false);
    expect(await h.confirmation.answer(token, 'confirm')).toEqual({ state: 'used', mailbox: MAILBOX });
  });
});
