import { describe, expect, it } from 'vitest';
import { CARD, MAILBOX, OFFICER, OUTSIDER, portalHarness } from './fakes.ts';

const from = { sourceIp: '192.0.2.10', requestId: 'req-1' };
const officer = { ...from, officer: OFFICER };

describe('Portal: opening a link', () => {
  it('finds the message a valid link points to and changes nothing', async () => {
    const h = await portalHarness();
    const token = await h.protect('m-1');
    const before = JSON.stringify([...h.links.links.values()]);
    expect(await h.portal.openLink(from, token)).toEqual({
      kind: 'valid',
      mailbox: MAILBOX,
      messageId: 'm-1',
    });
    expect(await h.portal.openLink(from, token)).toMatchObject({ kind: 'valid' });
    expect(JSON.stringify([...h.links.links.values()])).toBe(before);
    expect(h.audit.entries).toHaveLength(0);
  });

  it('refuses an unknown or malformed token, counts the failure and audits it without the token', async () => {
    const h = await portalHarness();
    const token = await h.protect('m-1');
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await h.portal.openLink(from, tampered)).toEqual({ kind: 'refused', reason: 'unknown-link' });
    expect(await h.portal.openLink(from, 'short')).toEqual({ kind: 'refused', reason: 'unknown-link' });
    expect(h.failedLookups.failures.get(from.sourceIp)).toBe(2);
    expect(h.audit.entries.map((e) => [e.stage, e.outcome?.reason, e.outcome?.sourceIp])).toEqual([
      ['portal-refused', 'unknown-link', '192.0.2.10'],
      ['portal-refused', 'unknown-link', '192.0.2.10'],
    ]);
    expect(JSON.stringify(h.audit.entries)).not.toContain(tampered);
  });

  it('stops a source after too many failed lookups, even with a valid token', async () => {
    const h = await portalHarness();
    const token = await h.protect('m-1');
    for (let i = 0; i < 5; i++) await h.portal.openLink(from, `guess-${i}-aaaaaaaaaaaaaaaaaaaaaaaa`);
    expect(await h.portal.openLink(from, token)).toEqual({ kind: 'refused', reason: 'rate-limited' });
    expect(await h.portal.openLink({ ...from, sourceIp: '192.0.2.99' }, token)).toMatchObject({
      kind: 'valid',
    });
    expect(h.audit.entries.at(-1)?.outcome?.reason).toBe('rate-limited');
  });

  it('shows an expired link as expired and a revoked link as revoked', async () => {
    const h = await portalHarness({ linkTtlHours: 1 });
    const expiring = await h.protect('m-old');
    h.clock.current = new Date(h.clock.current.getTime() + 2 * 3_600_000);
    expect(await h.portal.openLink(from, expiring)).toEqual({ kind: 'refused', reason: 'expired' });
    const revoked = await h.protect('m-new');
    await h.portal.revokeLink(officer, { mailbox: MAILBOX, messageId: 'm-new' });
    expect(await h.portal.openLink(from, revoked)).toEqual({ kind: 'refused', reason: 'revoked' });
    expect(h.audit.entries.filter((e) => e.stage === 'portal-refused').map((e) => e.messageId)).toEqual([
      'm-old',
      'm-new',
    ]);
  });
});

describe('Portal: reading a message', () => {
  it('decrypts the message for an entitled officer, masks card numbers and sanitises the HTML', async () => {
    const h = await portalHarness();
    await h.protect('m-1');
    const outcome = await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-1' });
    if (outcome.kind !== 'message') throw new Error(`refused: ${outcome.reason}`);
    const { view } = outcome;
    expect(view.subject).toBe('OFFICIAL-SENSITIVE: safeguarding referral');
    expect(view.from).toBe('Sam Officer <sam.officer@dwp.example.gov.uk>');
    expect(view.reasons?.[0]?.id).toBe('DWP-1.7');
    expect(view.text).not.toContain(CARD);
    expect(view.text).toMatch(/\*{4,}.{0,4}5063/);
    expect(view.html).toContain('<b>attached</b>');
    expect(view.html).not.toMatch(/script|onclick|<img|javascript:|tracker/);
    expect(view.html).not.toContain(CARD);
    expect(view.html).toContain('rel="noopener noreferrer nofollow"');
    expect(view.attachments).toEqual([
      { index: 0, filename: 'referral.pdf', contentType: 'application/pdf', size: 17 },
    ]);
    expect(view.state).toBe('new');
  });

  it('marks the link read on the first view and audits every view with who and from where', async () => {
    const h = await portalHarness();
    await h.protect('m-1');
    await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-1' });
    h.clock.current = new Date(h.clock.current.getTime() + 60_000);
    const second = await h.portal.viewMessage(
      { ...officer, requestId: 'req-2' },
      { mailbox: MAILBOX, messageId: 'm-1' },
    );
    expect(second).toMatchObject({ kind: 'message', view: { state: 'read' } });
    const views = h.audit.entries.filter((e) => e.stage === 'portal-view');
    expect(views).toHaveLength(2);
    expect(views[0]).toMatchObject({
      messageId: 'm-1',
      mailbox: MAILBOX,
      actor: 'officer:officer-1',
      officer: 'officer-1',
      classification: 'OFFICIAL-SENSITIVE',
      outcome: { sourceIp: '192.0.2.10', requestId: 'req-1' },
    });
    expect(JSON.stringify(h.audit.entries)).not.toMatch(/safeguarding|Sam Officer|Alex Officer|linkHash/);
    expect([...h.links.links.values()][0]?.readAt).toBe('2026-11-23T09:00:00.000Z');
  });

  it('refuses an officer whose groups are not entitled to the mailbox, before decrypting', async () => {
    const h = await portalHarness();
    await h.protect('m-1');
    const reads = h.store.reads;
    expect(
      await h.portal.viewMessage({ ...from, officer: OUTSIDER }, { mailbox: MAILBOX, messageId: 'm-1' }),
    ).toEqual({
      kind: 'refused',
      reason: 'not-entitled',
    });
    expect(h.store.reads).toBe(reads);
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'portal-refused', actor: 'officer:officer-2' });
  });

  it('refuses a ciphertext sealed under another context and says which error, never the content', async () => {
    const h = await portalHarness();
    await h.protect('m-1', { context: { messageId: 'm-other' } });
    expect(await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-1' })).toEqual({
      kind: 'refused',
      reason: 'ciphertext-refused',
    });
    expect(h.audit.entries.at(-1)?.outcome).toMatchObject({
      reason: 'ciphertext-refused',
      code: 'EncryptionContextMismatchError',
    });
  });

  it('refuses an expired or revoked message and an unknown one', async () => {
    const h = await portalHarness({ linkTtlHours: 1 });
    await h.protect('m-1');
    expect(await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-none' })).toEqual({
      kind: 'refused',
      reason: 'not-found',
    });
    h.clock.current = new Date(h.clock.current.getTime() + 2 * 3_600_000);
    expect(await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-1' })).toEqual({
      kind: 'refused',
      reason: 'expired',
    });
  });
});

describe('Portal: attachments, revocation and the inbox', () => {
  it('downloads one attachment decrypted, with its type, and audits the download', async () => {
    const h = await portalHarness();
    await h.protect('m-1');
    const outcome = await h.portal.downloadAttachment(officer, { mailbox: MAILBOX, messageId: 'm-1' }, 0);
    if (outcome.kind !== 'attachment') throw new Error(`refused: ${outcome.reason}`);
    expect(outcome.download.filename).toBe('referral.pdf');
    expect(outcome.download.contentType).toBe('application/pdf');
    expect(Buffer.from(outcome.download.body).toString()).toBe('%PDF-1.4 referral');
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'portal-download', outcome: { attachment: 0 } });
    expect(await h.portal.downloadAttachment(officer, { mailbox: MAILBOX, messageId: 'm-1' }, 3)).toEqual({
      kind: 'refused',
      reason: 'not-found',
    });
  });

  it('revokes a link once, audits who revoked it, and the message no longer opens', async () => {
    const h = await portalHarness();
    await h.protect('m-1');
    expect(await h.portal.revokeLink(officer, { mailbox: MAILBOX, messageId: 'm-1' })).toEqual({
      kind: 'revoked',
    });
    expect([...h.links.links.values()][0]).toMatchObject({ revokedBy: 'officer-1' });
    expect(h.audit.entries.at(-1)).toMatchObject({ stage: 'portal-revoke', actor: 'officer:officer-1' });
    expect(await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-1' })).toEqual({
      kind: 'refused',
      reason: 'revoked',
    });
  });

  it('lists protected and held messages newest first with their status', async () => {
    const h = await portalHarness({ linkTtlHours: 10 });
    await h.protect('m-read', { createdAt: '2026-11-23T08:00:00.000Z' });
    await h.protect('m-new', { createdAt: '2026-11-23T08:30:00.000Z' });
    await h.protect('m-expired', { createdAt: '2026-11-20T08:00:00.000Z' });
    await h.portal.viewMessage(officer, { mailbox: MAILBOX, messageId: 'm-read' });
    const hold = { mailbox: MAILBOX, classification: 'OFFICIAL' as const, expiresAt: 1_900_000_000 };
    h.holds.holds.push(
      { ...hold, messageId: 'h-held', heldAt: '2026-11-23T07:00:00.000Z', confirmBy: 1_890_000_000 },
      {
        ...hold,
        messageId: 'h-released',
        heldAt: '2026-11-22T07:00:00.000Z',
        decision: 'confirmed',
        releasedAt: '2026-11-22T09:00:00.000Z',
      },
      { ...hold, messageId: 'h-confirmed', heldAt: '2026-11-22T06:00:00.000Z', decision: 'confirmed' },
      { ...hold, messageId: 'h-not-me', heldAt: '2026-11-22T05:00:00.000Z', decision: 'not-me' },
      // Unanswered past its deadline, before the hourly sweep has recorded it.
      { ...hold, messageId: 'h-lapsed', heldAt: '2026-11-09T05:00:00.000Z', confirmBy: 1_763_000_000 },
    );
    const outcome = await h.portal.inbox(officer, MAILBOX);
    if (outcome.kind !== 'inbox') throw new Error('refused');
    expect(outcome.items.map((i) => [i.messageId, i.kind, i.state])).toEqual([
      ['m-new', 'protected', 'new'],
      ['m-read', 'protected', 'read'],
      ['h-held', 'held', 'held'],
      ['h-released', 'held', 'released'],
      ['h-confirmed', 'held', 'confirmed'],
      ['h-not-me', 'held', 'deleted'],
      ['m-expired', 'protected', 'expired'],
      ['h-lapsed', 'held', 'expired'],
    ]);
    expect(await h.portal.inbox({ ...from, officer: OUTSIDER }, MAILBOX)).toEqual({
      kind: 'refused',
      reason: 'not-entitled',
    });
  });

  it('lists the mailboxes an officer may read', async () => {
    const h = await portalHarness();
    expect(
      h.portal.mailboxesOf({ subject: 's', groups: ['uc-officers', 'council-officers', 'other'] }),
    ).toEqual(['council@caveat.example.gov.uk', MAILBOX]);
    expect(h.portal.mailboxesOf({ subject: 's', groups: ['toString', '__proto__'] })).toEqual([]);
  });
});
