import { describe, expect, it } from 'vitest';
import { ReleaseRefusedError } from '../../shared/confirm/release-held-message.ts';
import { MAILBOX, MemoryContactRegister, pipelineHarness } from '../pipeline/fakes.ts';
import { citizenMail, NINO_AND_DOB } from './citizen-mail.ts';

const JO = {
  citizenReference: 'CR-000418',
  email: 'jo.bloggs@example-mail.co.uk',
  registerVersion: 'reg-v7',
};
const HOLD_KEY = `${MAILBOX}/m-held`;

/** A message from Jo's validated address, held until Jo confirms it. */
async function held() {
  const h = pipelineHarness({ directory: new MemoryContactRegister([JO]) });
  const key = h.receive('m-held', citizenMail({ body: `Re CR-000418. ${NINO_AND_DOB}` }));
  await h.process(key);
  return { h, key };
}

const decide = (h: Awaited<ReturnType<typeof held>>['h'], decision: 'confirmed' | 'not-me') =>
  h.holds.decide(HOLD_KEY, decision, '2026-11-24T10:00:00.000Z');

describe('Releasing a confirmed hold', () => {
  it('protects the message once, however often it is asked', async () => {
    const { h, key } = await held();
    await decide(h, 'confirmed');
    const first = await h.release(HOLD_KEY);
    expect(first).toMatchObject({ status: 'processed', action: 'protect', audit: 'recorded' });
    expect(h.holds.holds.get(HOLD_KEY)).toMatchObject({
      decision: 'confirmed',
      releasedAt: '2026-11-23T09:00:00.000Z',
    });
    const sent = h.mailer.sent.length;
    const entries = h.audit.entries.length;

    expect(await h.release(HOLD_KEY)).toEqual({ status: 'already-processed', messageId: 'm-held' });
    expect(h.mailer.sent.length).toBe(sent);
    expect(h.audit.entries.length).toBe(entries);
    expect(h.store.objects.has(key)).toBe(false);
  });

  it('records the original receipt time as the message was received', async () => {
    const { h } = await held();
    await decide(h, 'confirmed');
    h.clock.current = new Date('2026-11-30T12:00:00.000Z');
    await h.release(HOLD_KEY);
    const released = h.audit.entries.at(-1);
    expect(released).toMatchObject({ stage: 'released', at: '2026-11-30T12:00:00.000Z' });
  });

  it('refuses a key no hold has', async () => {
    const { h } = await held();
    await expect(h.release(`${MAILBOX}/m-other`)).rejects.toThrow(
      new ReleaseRefusedError('no hold has this key'),
    );
  });

  it('refuses a hold nobody has answered, and leaves the message held', async () => {
    const { h, key } = await held();
    await expect(h.release(HOLD_KEY)).rejects.toThrow('the hold is undecided, not confirmed');
    expect(h.store.objects.has(key)).toBe(true);
    expect(h.audit.entries.map((e) => e.stage)).not.toContain('released');
  });

  it('refuses a hold the citizen disowned', async () => {
    const { h } = await held();
    await decide(h, 'not-me');
    await expect(h.release(HOLD_KEY)).rejects.toThrow('the hold is not-me, not confirmed');
  });

  it('records a failed stage, keeps the held message, and finishes when asked again', async () => {
    const { h, key } = await held();
    await decide(h, 'confirmed');
    h.store.failNext.read = new Error('S3 down');
    await expect(h.release(HOLD_KEY)).rejects.toMatchObject({ name: 'StageFailedError', stage: 'release' });
    expect(h.audit.entries.at(-1)).toMatchObject({
      stage: 'error',
      messageId: 'm-held',
      error: { stage: 'release', code: 'Error' },
    });
    expect(h.store.objects.has(key)).toBe(true);
    expect(await h.release(HOLD_KEY)).toMatchObject({ status: 'processed', action: 'protect' });
  });
});
