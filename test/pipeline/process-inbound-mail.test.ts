import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { DocumentTextExtractor } from '../../shared/mail/document-text.ts';
import { StageFailedError } from '../../shared/pipeline/process-inbound-mail.ts';
import { mimeMessage } from '../mail/mime-builder.ts';
import {
  pipelineHarness as harness,
  inboundKey as keyFor,
  MAILBOX,
  pipelineSettings,
  SECURITY,
  sample,
  TEAM,
} from './fakes.ts';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('processInboundMail: deliver', () => {
  it('forwards OFFICIAL mail to the team with the marking, the header and the original attached', async () => {
    const h = harness();
    const raw = sample('01-citizen-general-enquiry.eml');
    const outcome = await h.process(h.receive('m-deliver', raw));

    expect(outcome).toMatchObject({ status: 'processed', action: 'deliver', classification: 'OFFICIAL' });
    const [mail] = await h.mailer.parsed();
    expect(h.mailer.sent[0]?.to).toEqual([TEAM]);
    expect(mail?.subject).toMatch(/^\[OFFICIAL\] /);
    expect(mail?.headers.find((x) => x.key === 'x-caveat-classification')?.value).toBe('OFFICIAL');
    expect(mail?.replyTo?.[0]?.address).toBe('sam.citizen@example-mail.co.uk');
    expect(mail?.text).toContain('DWP Email Policy 3.7');
    const original = mail?.attachments.find((a) => a.mimeType === 'message/rfc822');
    // Byte for byte but for line endings (canonical CRLF) and the final line break.
    const lf = (bytes: Uint8Array) => text(bytes).replace(/\r\n/g, '\n').trimEnd();
    expect(original && lf(new Uint8Array(original.content as ArrayBuffer))).toBe(lf(raw));
    // The raw message stays until the inbound lifecycle rule expires it.
    expect(h.store.objects.has(keyFor('m-deliver'))).toBe(true);
    expect(h.audit.entries.map((e) => e.seq)).toEqual([`${MAILBOX}#1#classify`, `${MAILBOX}#2#deliver`]);
    expect(h.audit.entries[1]?.outcome).toMatchObject({ delivery: 'sent', masked: false });
  });

  it('records the raw object hash, the deciding rule and the policy version', async () => {
    const h = harness();
    const raw = sample('05-officer-official-nino.eml');
    await h.process(h.receive('m-hash', raw));
    const entry = h.audit.entries[0];
    expect(entry).toMatchObject({
      messageId: 'm-hash',
      mailbox: MAILBOX,
      rawSha256: createHash('sha256').update(raw).digest('hex'),
      rawBytes: raw.byteLength,
      ruleId: 'DWP-1.2-DELIVER',
      policyId: 'dwp',
      day: '2026-11-23',
      actor: 'caveat-ingest',
      senderDomain: 'hmrc.gov.uk',
    });
    expect(entry?.purgeAfter).toBe(Date.parse('2032-11-23T09:00:00Z') / 1000);
  });
});

describe('processInboundMail: hold (DWP Email Policy 3.10)', () => {
  it('holds unsolicited personal data and tells the team nothing of it', async () => {
    const h = harness();
    const raw = sample('02-citizen-unverified-nino-dob.eml');
    await h.process(h.receive('m-hold', raw));

    expect(h.holds.holds.get(`${MAILBOX}/m-hold`)).toMatchObject({
      senderAddress: 'alex.morgan@example-mail.co.uk',
      objectKey: keyFor('m-hold'),
      expiresAt: Date.parse('2026-12-21T09:00:00Z') / 1000,
    });
    const [notice] = await h.mailer.parsed();
    expect(notice?.subject).toBe('[OFFICIAL-SENSITIVE] Message m-hold held for confirmation');
    expect(notice?.attachments).toHaveLength(0);
    expect(notice?.text).not.toContain('alex.morgan');
    expect(notice?.text).toContain('DWP-3.10-UNSOLICITED');
    expect(h.store.objects.has(keyFor('m-hold'))).toBe(true);
  });
});

describe('processInboundMail: protect (DWP Email Policy 1.7)', () => {
  it('encrypts the raw message bound to its id, stores the link hash only and deletes the plaintext', async () => {
    const h = harness({ contacts: ['jo.bloggs@example-mail.co.uk'] });
    const raw = sample('03-verified-citizen-bank-details.eml');
    await h.process(h.receive('m-protect', raw));

    expect(h.encryptor.calls).toHaveLength(1);
    expect(h.encryptor.calls[0]?.context).toEqual({
      messageId: 'm-protect',
      classification: 'OFFICIAL-SENSITIVE',
      mailbox: MAILBOX,
    });
    expect(h.encryptor.calls[0]?.plaintext).toEqual(raw);
    expect(text(h.store.objects.get(`ciphertext/${MAILBOX}/m-protect`)?.body ?? new Uint8Array())).toBe(
      'sealed:1',
    );
    expect(h.store.objects.has(keyFor('m-protect'))).toBe(false);

    const [notice] = await h.mailer.parsed();
    const token = notice?.text?.match(/\/open#t=([A-Za-z0-9_-]+)/)?.[1];
    expect(token).toBeDefined();
    expect(h.links.links).toHaveLength(1);
    expect(h.links.links[0]?.linkHash).toBe(
      createHash('sha256')
        .update(token ?? '')
        .digest('hex'),
    );
    expect(JSON.stringify(h.links.links)).not.toContain(token);
    expect(h.links.links[0]?.reasons?.map((r) => r.id)).toContain(h.audit.entries.at(-1)?.ruleId);
    expect(notice?.text).not.toMatch(/20-00-00|Sort code/i);
    expect(notice?.subject).not.toContain('bank');
  });

  it('keeps only a masked copy when card numbers are found (DWP Email Policy 1.10)', async () => {
    const h = harness({ contacts: ['pat.jones@example-mail.co.uk'] });
    await h.process(h.receive('m-card', sample('08-citizen-card-number.eml')));

    const kept = text(h.encryptor.calls[0]?.plaintext ?? new Uint8Array());
    expect(kept).not.toMatch(/4929\s?4205\s?7359\s?5063/);
    expect(kept).toMatch(/\*{4,}.{0,8}5063/);
    expect(kept).toContain('X-Caveat-Masked: PAYMENT_CARD');
    expect(h.audit.entries.at(-1)?.outcome).toMatchObject({ masked: true });
  });
});

describe('processInboundMail: quarantine', () => {
  it('moves the message under quarantine/ and tells the security contact why, without content', async () => {
    const h = harness();
    await h.process(h.receive('m-virus', sample('07-virus-verdict.eml')));

    expect(h.store.objects.has(keyFor('m-virus'))).toBe(false);
    expect(h.store.objects.has(`quarantine/${MAILBOX}/m-virus`)).toBe(true);
    const [notice] = await h.mailer.parsed();
    expect(h.mailer.sent[0]?.to).toEqual([SECURITY]);
    expect(notice?.text).toContain('DWP-VIRUS');
    expect(notice?.text).toContain('virus FAIL');
    expect(notice?.attachments).toHaveLength(0);
  });

  it('quarantines a message over the size cap without reading it into memory', async () => {
    const h = harness({ settings: { maxRawBytes: 1024 } });
    const outcome = await h.process(h.receive('m-big', new Uint8Array(4096).fill(65)));

    expect(h.store.reads).toBe(0);
    expect(outcome).toMatchObject({ action: 'quarantine', ruleId: 'MALFORMED' });
    expect(h.audit.entries[0]?.rules?.[0]?.detail ?? '').toContain('4096 bytes');
    expect(h.store.objects.has(`quarantine/${MAILBOX}/m-big`)).toBe(true);
  });
});

describe('processInboundMail: duplicates and failures', () => {
  let h: ReturnType<typeof harness>;
  beforeEach(() => {
    h = harness({ contacts: ['jo.bloggs@example-mail.co.uk'] });
  });

  it('a duplicate event sends nothing twice and records nothing twice', async () => {
    const key = h.receive('m-dup', sample('01-citizen-general-enquiry.eml'));
    await h.process(key);
    const again = await h.process(key);

    expect(again).toMatchObject({ status: 'processed', audit: 'duplicate' });
    expect(h.mailer.sent).toHaveLength(1);
    expect(h.audit.entries).toHaveLength(2);
  });

  it('a duplicate after the raw object was moved is reported as already processed', async () => {
    const key = h.receive('m-dup2', sample('07-virus-verdict.eml'));
    await h.process(key);
    await expect(h.process(key)).resolves.toEqual({ status: 'already-processed', messageId: 'm-dup2' });
    expect(h.mailer.sent).toHaveLength(1);
  });

  it('SES throttling records an error, keeps the raw message, and the retry sends exactly once', async () => {
    const key = h.receive('m-throttle', sample('01-citizen-general-enquiry.eml'));
    h.mailer.failNext = Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'Throttling' });

    const failure = await h.process(key).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(StageFailedError);
    expect(failure).toMatchObject({ stage: 'deliver', code: 'Throttling' });
    expect(h.store.objects.has(key)).toBe(true);
    const error = h.audit.entries.find((e) => e.stage === 'error');
    expect(error?.error).toMatchObject({ stage: 'deliver', code: 'Throttling' });
    expect(error?.error?.message).not.toContain('sending rate');

    await h.process(key);
    expect(h.mailer.sent).toHaveLength(1);
    expect(h.audit.entries.map((e) => e.stage)).toEqual(['classify', 'error', 'deliver']);
  });

  it("records a service that is down by its system code, the store's raw message left for the retry", async () => {
    const key = h.receive('m-down', sample('01-citizen-general-enquiry.eml'));
    h.store.failNext.read = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4569'), {
      code: 'ECONNREFUSED',
    });
    await expect(h.process(key)).rejects.toMatchObject({ stage: 'read', code: 'ECONNREFUSED' });
    expect(h.audit.entries.find((e) => e.stage === 'error')?.error).toMatchObject({
      stage: 'read',
      code: 'ECONNREFUSED',
    });
    expect(h.store.objects.has(key)).toBe(true);
  });

  it('a KMS failure leaves the plaintext in place, creates no link and sends nothing', async () => {
    const key = h.receive('m-kms', sample('03-verified-citizen-bank-details.eml'));
    h.encryptor.encrypt = async () => {
      throw Object.assign(new Error('key disabled'), { name: 'DisabledException' });
    };
    await expect(h.process(key)).rejects.toMatchObject({ stage: 'protect', code: 'DisabledException' });
    expect(h.store.objects.has(key)).toBe(true);
    expect(h.links.links).toHaveLength(0);
    expect(h.mailer.sent).toHaveLength(0);
  });

  it('a failure deleting the plaintext is retried without a second notice', async () => {
    const key = h.receive('m-finish', sample('03-verified-citizen-bank-details.eml'));
    h.store.failNext.remove = Object.assign(new Error('slow down'), { name: 'SlowDown' });
    await expect(h.process(key)).rejects.toMatchObject({ stage: 'protect-finish' });
    expect(h.audit.entries.map((e) => e.seq)).toContain(`${MAILBOX}#2#protect`);

    await h.process(key);
    expect(h.store.objects.has(key)).toBe(false);
    expect(h.mailer.sent).toHaveLength(1);
  });

  it('mail for an unconfigured mailbox is left in place with an error entry', async () => {
    const key = 'inbound/unknown@caveat.example.gov.uk/m-x';
    h.store.objects.set(key, {
      body: sample('01-citizen-general-enquiry.eml'),
      contentType: 'message/rfc822',
    });
    await expect(h.process(key)).rejects.toMatchObject({ stage: 'route', code: 'UnroutableMailError' });
    expect(h.store.objects.has(key)).toBe(true);
    expect(h.audit.entries[0]?.error?.message).toContain('no mailbox is configured');
  });
});

describe('processInboundMail: one SES message id, two shared addresses', () => {
  it('is handled once per address: each gets its own entries and its own delivery', async () => {
    const other = 'housing@caveat.example.gov.uk';
    const h = harness({
      settings: {
        mailboxes: [
          ...pipelineSettings().mailboxes,
          {
            address: other,
            teamMailbox: 'housing-team@council.example.gov.uk',
            pack: pipelineSettings().mailboxes[0]!.pack,
          },
        ],
      },
    });
    const raw = sample('01-citizen-general-enquiry.eml');
    await h.process(h.receive('m-shared', raw));
    h.store.objects.set(`inbound/${other}/m-shared`, { body: raw, contentType: 'message/rfc822' });
    await h.process(`inbound/${other}/m-shared`);

    expect(h.mailer.sent.map((m) => m.to[0])).toEqual([TEAM, 'housing-team@council.example.gov.uk']);
    expect(h.audit.entries.filter((e) => e.stage === 'deliver').map((e) => e.mailbox)).toEqual([
      MAILBOX,
      other,
    ]);
  });
});

describe('processInboundMail: audit entries hold no personal data', () => {
  it.each([
    ['02-citizen-unverified-nino-dob.eml', ['alex.morgan', 'Alex Morgan']],
    ['03-verified-citizen-bank-details.eml', ['jo.bloggs', '20-00-00', 'New bank account']],
    ['08-citizen-card-number.eml', ['pat.jones', '4929', '5063']],
  ])('%s', async (file, forbidden) => {
    const h = harness({ contacts: ['jo.bloggs@example-mail.co.uk'] });
    await h.process(h.receive('m-pii', sample(file)));
    const log = JSON.stringify(h.audit.entries);
    for (const value of forbidden) expect(log).not.toContain(value);
    expect(h.audit.entries.length).toBeGreaterThanOrEqual(2);
  });
});

describe('processInboundMail: the time a message’s documents may take', () => {
  const pdf = (name: string) => ({
    filename: name,
    type: 'application/pdf',
    bytes: new TextEncoder().encode(`%PDF-1.7\n% ${name}\n%%EOF\n`),
  });
  const raw = mimeMessage({
    headers: new TextDecoder()
      .decode(sample('01-citizen-general-enquiry.eml'))
      .split(/\r?\n\r?\n/)[0]
      ?.split(/\r?\n(?![ \t])/)
      .filter((line) => !/^(MIME-Version|Content-Type|Content-Transfer-Encoding):/i.test(line))
      .join('\r\n'),
    text: 'Please find my letters attached.',
    attachments: [pdf('first.pdf'), pdf('second.pdf')],
  });
  /** Reads every document as plain words, taking a few milliseconds over each. */
  const slowDocuments: DocumentTextExtractor = {
    extract: async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { text: 'A letter about my claim.', flags: [] };
    },
  };
  const rulesOf = (h: ReturnType<typeof harness>) => h.audit.entries[0]?.rules?.map((r) => r.id) ?? [];

  it('reads every document within the default time', async () => {
    const h = harness({ documents: slowDocuments });
    await h.process(h.receive('m-docs', raw));
    expect(rulesOf(h)).not.toContain('DWP-1.2-UNSCANNED');
  });

  it('treats documents past the configured time as unscanned, so the message is OFFICIAL-SENSITIVE', async () => {
    const h = harness({ documents: slowDocuments, settings: { maxDocumentMillis: 0 } });
    const outcome = await h.process(h.receive('m-docs', raw));
    expect(outcome).toMatchObject({ status: 'processed', classification: 'OFFICIAL-SENSITIVE' });
    expect(rulesOf(h)).toContain('DWP-1.2-UNSCANNED');
  });
});
