import { describe, expect, it } from 'vitest';
import { chooseConfirmationRoute, type RouteFacts } from '../../shared/confirm/confirmation-route.ts';
import type { ValidatedContact } from '../../shared/pipeline/ports.ts';

const jo: ValidatedContact = { citizenReference: 'CR-1', email: 'jo@example.org', registerVersion: 'v1' };
const rhys: ValidatedContact = { citizenReference: 'CR-2', mobile: '+447400123456', registerVersion: 'v1' };
const facts = (over: Partial<RouteFacts> = {}): RouteFacts => ({
  senderAddress: 'alex@example.net',
  namedContacts: [],
  spf: 'pass',
  dkim: 'pass',
  ...over,
});

describe('Confirmation route (DWP Email Policy 3.10)', () => {
  it('asks the validated contact point of a citizen the message names, not the sender', () => {
    expect(chooseConfirmationRoute(facts({ namedContacts: [jo] }))).toEqual({
      kind: 'contact-point',
      channel: 'email',
      to: 'jo@example.org',
      contact: jo,
      reason: 'named-citizen',
    });
  });

  it('texts the citizen when a mobile is the only contact point held', () => {
    expect(
      chooseConfirmationRoute(facts({ namedContacts: [rhys], spf: 'fail', dkim: 'fail' })),
    ).toMatchObject({
      channel: 'sms',
      to: '+447400123456',
    });
  });

  it('asks nobody, rather than the sender, when a mobile is all there is and no SMS channel is configured', () => {
    expect(chooseConfirmationRoute(facts({ namedContacts: [rhys], canText: false }))).toEqual({
      kind: 'none',
      reason: 'no-sms-channel',
    });
  });

  it("asks a validated sender whose message failed authentication at the register's address", () => {
    expect(
      chooseConfirmationRoute(
        facts({ senderAddress: 'jo@example.org', senderContact: jo, namedContacts: [jo] }),
      ),
    ).toEqual({
      kind: 'contact-point',
      channel: 'email',
      to: 'jo@example.org',
      contact: jo,
      reason: 'sender-unauthenticated',
    });
  });

  it('acknowledges an authenticated sender with no contact point to ask', () => {
    expect(chooseConfirmationRoute(facts({ dkim: 'fail' }))).toEqual({
      kind: 'acknowledgement',
      to: 'alex@example.net',
    });
    expect(chooseConfirmationRoute(facts({ spf: 'fail' }))).toEqual({
      kind: 'acknowledgement',
      to: 'alex@example.net',
    });
  });

  it('sends nothing when SPF and DKIM both failed: no backscatter', () => {
    expect(chooseConfirmationRoute(facts({ spf: 'fail', dkim: 'fail' }))).toEqual({
      kind: 'none',
      reason: 'sender-unauthenticated',
    });
    expect(chooseConfirmationRoute(facts({ spf: 'unknown', dkim: 'unknown' })).kind).toBe('none');
  });

  it('ties a message naming several citizens to none of them', () => {
    expect(chooseConfirmationRoute(facts({ namedContacts: [jo, rhys, jo] }))).toEqual({
      kind: 'none',
      reason: 'several-citizens-named',
    });
  });

  it('never answers automated senders or a message without one', () => {
    expect(chooseConfirmationRoute(facts({ senderAddress: 'MAILER-DAEMON@example.net' }))).toEqual({
      kind: 'none',
      reason: 'auto-sender',
    });
    expect(chooseConfirmationRoute(facts({ senderAddress: 'no-reply@example.net' })).kind).toBe('none');
    const { senderAddress: _omitted, ...noSender } = facts();
    expect(chooseConfirmationRoute(noSender)).toEqual({ kind: 'none', reason: 'no-sender' });
  });
});
