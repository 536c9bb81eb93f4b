import { describe, expect, it } from 'vitest';
import { decide, PolicyEvaluationError } from '../../shared/policy/engine.ts';
import type { PolicyPack, Rule } from '../../shared/policy/pack.ts';
import { facts, finding } from './facts.ts';

const rule = (id: string, when: Rule['when'], outcome: Rule['outcome']): Rule => ({
  id,
  paragraphs: ['Test Policy 1.1'],
  reason: `reason for ${id}`,
  when,
  outcome,
});

const PACK: PolicyPack = {
  id: 'test',
  version: '1.2.3',
  title: 'Test pack',
  source: 'test',
  trustedDomains: [{ domain: 'gov.uk', reason: 'a secure government domain' }],
  rules: [
    rule(
      'SENSITIVE',
      { findingAny: ['DATE_OF_BIRTH'] },
      { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
    ),
    rule(
      'MARKED',
      { subjectMarking: ['OFFICIAL-SENSITIVE'] },
      { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
    ),
    rule('CARD', { findingAny: ['PAYMENT_CARD'] }, { kind: 'mask', types: ['PAYMENT_CARD'] }),
    rule('VIRUS', { verdict: { check: 'virus', in: ['FAIL'] } }, { kind: 'action', action: 'quarantine' }),
    rule(
      'HOLD',
      { all: [{ senderTrust: ['unverified'] }, { findingOtherThan: ['EMAIL_ADDRESS'] }] },
      { kind: 'action', action: 'hold' },
    ),
    rule('PROTECT', { classification: 'OFFICIAL-SENSITIVE' }, { kind: 'action', action: 'protect' }),
    rule('DELIVER', { always: true }, { kind: 'action', action: 'deliver' }),
  ],
};

const ids = (d: ReturnType<typeof decide>) => d.rules.map((r) => r.id);

describe('decide', () => {
  it('delivers a plain message as OFFICIAL with only the catch-all rule fired', () => {
    const d = decide(facts(), PACK, { trustedPartners: [] });
    expect(d).toMatchObject({ classification: 'OFFICIAL', action: 'deliver', mask: [] });
    expect(ids(d)).toEqual(['DELIVER']);
    expect(d.policy).toEqual({ id: 'test', version: '1.2.3' });
  });

  it('records every classification rule that matched, then the one action rule that won', () => {
    const d = decide(
      facts({
        from: 'officer@dwp.gov.uk',
        subject: 'OFFICIAL-SENSITIVE',
        findings: [finding('DATE_OF_BIRTH')],
      }),
      PACK,
      { trustedPartners: [] },
    );
    expect(d).toMatchObject({ classification: 'OFFICIAL-SENSITIVE', action: 'protect' });
    expect(ids(d)).toEqual(['SENSITIVE', 'MARKED', 'PROTECT']);
  });

  it('lets the first matching action win: quarantine outranks hold', () => {
    const d = decide(facts({ verdicts: { virus: 'FAIL' }, findings: [finding('UK_NINO')] }), PACK, {
      trustedPartners: [],
    });
    expect(d.action).toBe('quarantine');
    expect(ids(d)).toEqual(['VIRUS']);
    expect(d.rules[0]?.detail).toBe('SES virus verdict FAIL');
  });

  it('adds mask rules on top of the winning action', () => {
    const d = decide(facts({ from: 'officer@dwp.gov.uk', findings: [finding('PAYMENT_CARD')] }), PACK, {
      trustedPartners: [],
    });
    expect(d).toMatchObject({ action: 'deliver', mask: ['PAYMENT_CARD'] });
    expect(ids(d)).toEqual(['CARD', 'DELIVER']);
  });

  it('uses configured partner domains for trust', () => {
    const message = facts({ from: 'clerk@partner.example', findings: [finding('UK_NINO')] });
    expect(decide(message, PACK, { trustedPartners: [] }).action).toBe('hold');
    const d = decide(message, PACK, { trustedPartners: ['partner.example'] });
    expect(d).toMatchObject({ action: 'deliver', sender: { trust: 'trusted', domain: 'partner.example' } });
  });

  it('explains a condition match in plain words without values', () => {
    const d = decide(facts({ findings: [finding('UK_NINO', 2)] }), PACK, { trustedPartners: [] });
    expect(d.rules.at(-1)).toMatchObject({
      id: 'HOLD',
      paragraphs: ['Test Policy 1.1'],
      detail: 'sender example.com is unverified, DMARC pass; found UK_NINO ×2',
    });
  });

  it('refuses a pack without a catch-all action rather than inventing a decision', () => {
    const broken: PolicyPack = { ...PACK, rules: PACK.rules.slice(0, 4) };
    expect(() => decide(facts(), broken, { trustedPartners: [] })).toThrow(PolicyEvaluationError);
  });

  it('is pure: the same facts give the same decision', () => {
    const message = facts({ findings: [finding('DATE_OF_BIRTH'), finding('PAYMENT_CARD')] });
    expect(decide(message, PACK, { trustedPartners: [] })).toEqual(
      decide(message, PACK, { trustedPartners: [] }),
    );
  });
});
