import { describe, expect, it } from 'vitest';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import type { AttachmentFlag } from '../../shared/mail/inbound-mail.ts';
import type { MessageFacts } from '../../shared/policy/decision.ts';
import { decide } from '../../shared/policy/engine.ts';
import { facts, finding } from '../policy/facts.ts';

const judge = (f: MessageFacts, trustedPartners: string[] = []) => decide(f, DWP_PACK, { trustedPartners });
const fired = (f: MessageFacts) => judge(f).rules.map((r) => r.id);
const OFFICER = 'officer@dwp.gov.uk';
const VERIFIED = { from: 'jo@example.com', isValidatedContact: true };

describe('Policy pack: dwp', () => {
  it('pins the full rule list, order and outcomes (adding a rule is a visible diff)', () => {
    expect(DWP_PACK.rules.map((r) => [r.id, r.outcome])).toEqual([
      ['DWP-1.8-MARKING', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['DWP-1.6-BULK', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['DWP-1.4-SENSITIVE-DATA', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['DWP-1.2-UNSCANNED', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['DWP-1.10-CARD', { kind: 'mask', types: ['PAYMENT_CARD'] }],
      ['MALFORMED', { kind: 'action', action: 'quarantine' }],
      ['FROM-NOT-SINGLE', { kind: 'action', action: 'quarantine' }],
      ['DWP-VIRUS', { kind: 'action', action: 'quarantine' }],
      ['DWP-SPAM', { kind: 'action', action: 'quarantine' }],
      ['DWP-EXECUTABLE', { kind: 'action', action: 'quarantine' }],
      ['SPOOFED-TRUSTED-DOMAIN', { kind: 'action', action: 'quarantine' }],
      ['DWP-3.10-UNSOLICITED', { kind: 'action', action: 'hold' }],
      ['DWP-1.7-PROTECT', { kind: 'action', action: 'protect' }],
      ['DWP-1.2-DELIVER', { kind: 'action', action: 'deliver' }],
    ]);
    expect(DWP_PACK.trustedDomains.map((d) => d.domain)).toEqual([
      'gov.uk',
      'nhs.net',
      'cjsm.net',
      'police.uk',
      'mod.uk',
    ]);
  });

  // Table test: the policy end to end, one row per situation the issue names.
  it.each<[string, MessageFacts, string, string]>([
    ['citizen enquiry, no personal data', facts(), 'OFFICIAL', 'deliver'],
    [
      'citizen giving only an email address',
      facts({ findings: [finding('EMAIL_ADDRESS')] }),
      'OFFICIAL',
      'deliver',
    ],
    ['unverified citizen with a NINO', facts({ findings: [finding('UK_NINO')] }), 'OFFICIAL', 'hold'],
    [
      'unverified citizen with a DOB',
      facts({ findings: [finding('DATE_OF_BIRTH')] }),
      'OFFICIAL-SENSITIVE',
      'hold',
    ],
    [
      'verified citizen with bank details',
      facts({ ...VERIFIED, findings: [finding('BANK_ACCOUNT')] }),
      'OFFICIAL-SENSITIVE',
      'protect',
    ],
    [
      'verified citizen with a NINO only',
      facts({ ...VERIFIED, findings: [finding('UK_NINO')] }),
      'OFFICIAL',
      'deliver',
    ],
    [
      'officer with NINOs',
      facts({ from: OFFICER, findings: [finding('UK_NINO', 3)] }),
      'OFFICIAL',
      'deliver',
    ],
    [
      'officer marking OFFICIAL-SENSITIVE',
      facts({ from: OFFICER, subject: 'OFFICIAL-SENSITIVE: case' }),
      'OFFICIAL-SENSITIVE',
      'protect',
    ],
    [
      'officer with 501 records',
      facts({ from: OFFICER, records: 501, findings: [finding('UK_NINO', 501)] }),
      'OFFICIAL-SENSITIVE',
      'protect',
    ],
    [
      'officer with exactly 500 records',
      facts({ from: OFFICER, records: 500, findings: [finding('UK_NINO', 500)] }),
      'OFFICIAL',
      'deliver',
    ],
    [
      'spoofed gov.uk sender',
      facts({ from: OFFICER, verdicts: { dmarc: 'fail' } }),
      'OFFICIAL',
      'quarantine',
    ],
    [
      'virus from an officer',
      facts({ from: OFFICER, verdicts: { virus: 'FAIL' } }),
      'OFFICIAL',
      'quarantine',
    ],
    ['spam', facts({ verdicts: { spam: 'FAIL' } }), 'OFFICIAL', 'quarantine'],
    ['gray spam verdict is not spam', facts({ verdicts: { spam: 'GRAY' } }), 'OFFICIAL', 'deliver'],
    ['two From headers', facts({ fromHeaderCount: 2 }), 'OFFICIAL', 'quarantine'],
    [
      'unreadable message',
      facts({ unreadable: { reason: 'NOT_MIME', detail: 'no header section' } }),
      'OFFICIAL',
      'quarantine',
    ],
  ])('%s → %s %s', (_name, message, classification, action) => {
    expect(judge(message)).toMatchObject({ classification, action });
  });

  describe('Rule: DWP-1.8-MARKING', () => {
    it('classifies a subject marked OFFICIAL-SENSITIVE in any case or spacing', () => {
      for (const subject of ['OFFICIAL-SENSITIVE', 'official sensitive: claim', 'Re: [Official-Sensitive]'])
        expect(fired(facts({ from: OFFICER, subject }))).toContain('DWP-1.8-MARKING');
    });
    it('ignores a plain OFFICIAL marking', () => {
      expect(fired(facts({ from: OFFICER, subject: 'OFFICIAL: rota' }))).not.toContain('DWP-1.8-MARKING');
    });
  });

  describe('Rule: DWP-1.6-BULK', () => {
    it('classifies more than 500 records as OFFICIAL-SENSITIVE, not 500', () => {
      expect(fired(facts({ from: OFFICER, records: 501 }))).toContain('DWP-1.6-BULK');
      expect(fired(facts({ from: OFFICER, records: 500 }))).not.toContain('DWP-1.6-BULK');
    });
  });

  describe('Rule: DWP-1.4-SENSITIVE-DATA', () => {
    it.each([
      'DATE_OF_BIRTH',
      'BANK_ACCOUNT',
      'IBAN',
      'PAYMENT_CARD',
      'BENEFIT_AMOUNT',
      'HEALTH',
      'SPECIAL_CATEGORY',
      'NHS_NUMBER',
    ] as const)('classifies %s as OFFICIAL-SENSITIVE', (type) => {
      expect(judge(facts({ from: OFFICER, findings: [finding(type)] })).classification).toBe(
        'OFFICIAL-SENSITIVE',
      );
    });
    it.each([
      'UK_NINO',
      'PHONE_NUMBER',
      'POSTAL_ADDRESS',
      'EMAIL_ADDRESS',
      'UK_PASSPORT',
      'UK_DRIVING_LICENCE',
    ] as const)('leaves %s alone as OFFICIAL (1.4)', (type) => {
      expect(judge(facts({ from: OFFICER, findings: [finding(type)] })).classification).toBe('OFFICIAL');
    });
  });

  describe('Rule: DWP-1.10-CARD', () => {
    it('masks card numbers whatever the action', () => {
      expect(judge(facts({ findings: [finding('PAYMENT_CARD')] }))).toMatchObject({
        action: 'hold',
        mask: ['PAYMENT_CARD'],
      });
      expect(judge(facts({ from: OFFICER, findings: [finding('PAYMENT_CARD')] }))).toMatchObject({
        action: 'protect',
        mask: ['PAYMENT_CARD'],
      });
    });
    it('masks nothing without a card number', () => {
      expect(judge(facts({ findings: [finding('BANK_ACCOUNT')] })).mask).toEqual([]);
    });
  });

  describe('Rule: MALFORMED', () => {
    it('quarantines a message that cannot be read safely, whatever else is true', () => {
      const d = judge(facts({ from: OFFICER, unreadable: { reason: 'TOO_LARGE', detail: '41 MB > 40 MB' } }));
      expect(d.action).toBe('quarantine');
      expect(d.rules.at(-1)).toMatchObject({ id: 'MALFORMED', detail: 'TOO_LARGE: 41 MB > 40 MB' });
    });
  });

  describe('Rule: FROM-NOT-SINGLE', () => {
    it('quarantines zero or several From headers even from a trusted domain', () => {
      expect(fired(facts({ from: OFFICER, fromHeaderCount: 2 }))).toContain('FROM-NOT-SINGLE');
      expect(fired(facts({ from: OFFICER, fromHeaderCount: 0 }))).toContain('FROM-NOT-SINGLE');
      expect(fired(facts({ from: OFFICER }))).not.toContain('FROM-NOT-SINGLE');
    });
  });

  describe('Rule: DWP-VIRUS', () => {
    it('quarantines a virus FAIL and outranks the hold', () => {
      expect(fired(facts({ verdicts: { virus: 'FAIL' }, findings: [finding('UK_NINO')] })).at(-1)).toBe(
        'DWP-VIRUS',
      );
    });
    it('does not treat an unknown virus verdict as a virus', () => {
      expect(fired(facts({ verdicts: { virus: 'UNKNOWN' } }))).not.toContain('DWP-VIRUS');
    });
  });

  describe('Rule: DWP-SPAM', () => {
    it('quarantines a spam FAIL only', () => {
      expect(fired(facts({ verdicts: { spam: 'FAIL' } })).at(-1)).toBe('DWP-SPAM');
      expect(fired(facts({ verdicts: { spam: 'PROCESSING_FAILED' } }))).not.toContain('DWP-SPAM');
    });
  });

  describe('Rule: DWP-EXECUTABLE', () => {
    it('quarantines an executable attachment', () => {
      const exe = {
        filename: 'a.js',
        kind: 'executable',
        detectedType: 'text/javascript',
        flags: ['executable' as const],
      };
      expect(fired(facts({ from: OFFICER, attachments: [exe] })).at(-1)).toBe('DWP-EXECUTABLE');
    });
    it('lets a nested archive through to the other rules', () => {
      const zip = {
        filename: 'a.zip',
        kind: 'archive',
        detectedType: 'application/zip',
        flags: ['nested-archive' as const],
      };
      expect(judge(facts({ from: OFFICER, attachments: [zip] })).action).toBe('deliver');
    });
  });

  describe('Rule: DWP-1.2-UNSCANNED', () => {
    const attachment = (flag: AttachmentFlag) => ({
      filename: 'a.bin',
      kind: 'other',
      detectedType: 'application/octet-stream',
      flags: [flag],
    });
    it.each<AttachmentFlag>([
      'contents-not-scanned',
      'encrypted-archive',
      'extraction-failed',
      'text-truncated',
    ])('protects mail with an attachment flagged %s', (flag) => {
      const d = judge(facts({ from: OFFICER, attachments: [attachment(flag)] }));
      expect(d).toMatchObject({ classification: 'OFFICIAL-SENSITIVE', action: 'protect' });
      expect(d.rules.map((r) => r.id)).toEqual(['DWP-1.2-UNSCANNED', 'DWP-1.7-PROTECT']);
    });
    it('leaves attachments that were read in full alone', () => {
      const d = judge(facts({ from: OFFICER, attachments: [attachment('nested-archive')] }));
      expect(d).toMatchObject({ classification: 'OFFICIAL', action: 'deliver' });
    });
    it('still holds unverified personal data sent in a zip (hold outranks protect)', () => {
      const d = judge(
        facts({ attachments: [attachment('contents-not-scanned')], findings: [finding('UK_NINO')] }),
      );
      expect(d).toMatchObject({ classification: 'OFFICIAL-SENSITIVE', action: 'hold' });
    });
  });

  describe('Rule: SPOOFED-TRUSTED-DOMAIN', () => {
    it('quarantines a trusted-looking domain whose DMARC failed', () => {
      for (const from of ['a@dwp.gov.uk', 'b@nhs.net', 'c@met.police.uk'])
        expect(fired(facts({ from, verdicts: { dmarc: 'fail' } })).at(-1)).toBe('SPOOFED-TRUSTED-DOMAIN');
    });
    it('does not call a look-alike domain spoofed, only unverified', () => {
      const d = judge(
        facts({ from: 'x@evilgov.uk', verdicts: { dmarc: 'fail' }, findings: [finding('UK_NINO')] }),
      );
      expect(d).toMatchObject({ action: 'hold', sender: { trust: 'unverified' } });
    });
  });

  describe('Rule: DWP-3.10-UNSOLICITED', () => {
    it('holds personal data from an unverified sender', () => {
      const d = judge(facts({ findings: [finding('UK_NINO'), finding('DATE_OF_BIRTH')] }));
      expect(d.rules.at(-1)).toMatchObject({
        id: 'DWP-3.10-UNSOLICITED',
        paragraphs: ['DWP Email Policy 3.10'],
      });
    });
    it('holds a validated contact whose DMARC failed', () => {
      expect(
        fired(facts({ ...VERIFIED, verdicts: { dmarc: 'fail' }, findings: [finding('UK_NINO')] })).at(-1),
      ).toBe('DWP-3.10-UNSOLICITED');
    });
    it('does not hold trusted senders, verified citizens, or email addresses alone', () => {
      expect(fired(facts({ from: OFFICER, findings: [finding('UK_NINO')] }))).not.toContain(
        'DWP-3.10-UNSOLICITED',
      );
      expect(fired(facts({ ...VERIFIED, findings: [finding('UK_NINO')] }))).not.toContain(
        'DWP-3.10-UNSOLICITED',
      );
      expect(fired(facts({ findings: [finding('EMAIL_ADDRESS', 2)] }))).not.toContain('DWP-3.10-UNSOLICITED');
    });
    it('does not hold a configured partner', () => {
      const d = judge(facts({ from: 'a@partner.example', findings: [finding('UK_NINO')] }), [
        'partner.example',
      ]);
      expect(d.action).toBe('deliver');
    });
  });

  describe('Rule: DWP-1.7-PROTECT', () => {
    it('protects OFFICIAL-SENSITIVE mail from a trusted sender', () => {
      expect(fired(facts({ from: OFFICER, findings: [finding('HEALTH')] })).at(-1)).toBe('DWP-1.7-PROTECT');
    });
  });

  describe('Rule: DWP-1.2-DELIVER', () => {
    it('delivers what no other action rule claimed', () => {
      expect(fired(facts({ from: OFFICER }))).toEqual(['DWP-1.2-DELIVER']);
    });
  });
});
