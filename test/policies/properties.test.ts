import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import { BUILT_IN_PACKS } from '../../policies/index.ts';
import { FINDING_TYPES } from '../../shared/detect/detection.ts';
import type { AttachmentFlag, SesVerdicts } from '../../shared/mail/inbound-mail.ts';
import type { MessageFacts } from '../../shared/policy/decision.ts';
import { decide } from '../../shared/policy/engine.ts';
import { ACTION_PRECEDENCE } from '../../shared/policy/pack-schema.ts';
import { finding } from '../policy/facts.ts';

const scan = fc.constantFrom('PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'UNKNOWN' as const);
const auth = fc.constantFrom('pass', 'fail', 'none', 'softfail', 'temperror', 'unknown' as const);
const verdicts: fc.Arbitrary<SesVerdicts> = fc.record({
  spam: scan,
  virus: scan,
  spf: auth,
  dkim: auth,
  dmarc: auth,
});
const domain = fc.constantFrom(
  'example.com',
  'dwp.gov.uk',
  'evilgov.uk',
  'gov.uk.example.com',
  'nhs.net',
  'partner.example',
);
const flag = fc.constantFrom<AttachmentFlag>(
  'executable',
  'encrypted-archive',
  'nested-archive',
  'contents-not-scanned',
  'extraction-failed',
  'text-truncated',
);
const UNREAD: readonly AttachmentFlag[] = [
  'contents-not-scanned',
  'encrypted-archive',
  'extraction-failed',
  'text-truncated',
];

const messageFacts: fc.Arbitrary<MessageFacts> = fc
  .record({
    domain,
    fromHeaderCount: fc.constantFrom(0, 1, 1, 1, 2),
    isValidatedContact: fc.boolean(),
    subject: fc.oneof(fc.string({ maxLength: 40 }), fc.constant('OFFICIAL-SENSITIVE: x')),
    verdicts,
    types: fc.uniqueArray(fc.constantFrom(...FINDING_TYPES), { maxLength: 5 }),
    records: fc.nat({ max: 2000 }),
    flags: fc.array(flag, { maxLength: 2 }),
    unreadable: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
  })
  .map((r) => ({
    sender: {
      address: `someone@${r.domain}`,
      domain: r.domain,
      fromHeaderCount: r.fromHeaderCount,
      isValidatedContact: r.isValidatedContact,
    },
    subject: r.subject,
    verdicts: r.verdicts,
    findings: r.types.map((t) => finding(t)),
    records: r.records,
    attachments: r.flags.map((f) => ({ filename: 'f', kind: 'other', detectedType: 'x', flags: [f] })),
    ...(r.unreadable ? { unreadable: { reason: 'PARSE_ERROR' as const, detail: 'x' } } : {}),
  }));

const SENSITIVE = [
  'DATE_OF_BIRTH',
  'BANK_ACCOUNT',
  'IBAN',
  'PAYMENT_CARD',
  'BENEFIT_AMOUNT',
  'HEALTH',
  'SPECIAL_CATEGORY',
  'NHS_NUMBER',
];

describe('Policy properties (fast-check)', () => {
  it.each(Object.values(BUILT_IN_PACKS))(
    'pack $id: exactly one action rule fires, last, and it decides',
    (pack) => {
      fc.assert(
        fc.property(messageFacts, (f) => {
          const d = decide(f, pack, { trustedPartners: ['partner.example'] });
          const actionRules = d.rules.filter((r) => r.effect.kind === 'action');
          expect(actionRules).toHaveLength(1);
          expect(d.rules.at(-1)).toBe(actionRules[0]);
          expect(actionRules[0]?.effect).toEqual({ kind: 'action', action: d.action });
          expect(ACTION_PRECEDENCE).toContain(d.action);
        }),
        { numRuns: 500 },
      );
    },
  );

  it('dwp: a virus, spam, executable or unreadable message is never delivered, held or protected', () => {
    fc.assert(
      fc.property(messageFacts, (f) => {
        const d = decide(f, DWP_PACK, { trustedPartners: [] });
        const dangerous =
          f.verdicts.virus === 'FAIL' ||
          f.verdicts.spam === 'FAIL' ||
          f.attachments.some((a) => a.flags.includes('executable')) ||
          f.unreadable !== undefined ||
          f.sender.fromHeaderCount !== 1;
        if (dangerous) expect(d.action).toBe('quarantine');
      }),
      { numRuns: 1000 },
    );
  });

  it('dwp: OFFICIAL-SENSITIVE is never delivered in plaintext', () => {
    fc.assert(
      fc.property(messageFacts, (f) => {
        const d = decide(f, DWP_PACK, { trustedPartners: [] });
        if (d.classification === 'OFFICIAL-SENSITIVE') expect(d.action).not.toBe('deliver');
      }),
      { numRuns: 1000 },
    );
  });

  it('dwp: classification follows the 1.2/1.4/1.6/1.8 rules exactly', () => {
    fc.assert(
      fc.property(messageFacts, (f) => {
        const d = decide(f, DWP_PACK, { trustedPartners: [] });
        const expected =
          /official[\s_-]+sensitive/i.test(f.subject) ||
          f.records > 500 ||
          f.findings.some((x) => SENSITIVE.includes(x.type)) ||
          f.attachments.some((a) => a.flags.some((x) => UNREAD.includes(x)));
        expect(d.classification).toBe(expected ? 'OFFICIAL-SENSITIVE' : 'OFFICIAL');
      }),
      { numRuns: 1000 },
    );
  });

  it('dwp: only unverified senders are held, and only with personal data beyond email addresses', () => {
    fc.assert(
      fc.property(messageFacts, (f) => {
        const d = decide(f, DWP_PACK, { trustedPartners: [] });
        if (d.action !== 'hold') return;
        expect(d.sender.trust).toBe('unverified');
        expect(f.findings.some((x) => x.type !== 'EMAIL_ADDRESS')).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('dwp: card numbers are always masked', () => {
    fc.assert(
      fc.property(messageFacts, (f) => {
        const d = decide(f, DWP_PACK, { trustedPartners: [] });
        expect(d.mask.includes('PAYMENT_CARD')).toBe(f.findings.some((x) => x.type === 'PAYMENT_CARD'));
      }),
      { numRuns: 500 },
    );
  });
});
