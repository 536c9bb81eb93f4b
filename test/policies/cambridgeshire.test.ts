import { describe, expect, it } from 'vitest';
import { CAMBRIDGESHIRE_PACK } from '../../policies/cambridgeshire/index.ts';
import type { MessageFacts } from '../../shared/policy/decision.ts';
import { decide } from '../../shared/policy/engine.ts';
import { facts, finding } from '../policy/facts.ts';

const judge = (f: MessageFacts) => decide(f, CAMBRIDGESHIRE_PACK, { trustedPartners: [] });
const fired = (f: MessageFacts) => judge(f).rules.map((r) => r.id);
const OFFICER = 'clerk@cambridgeshire.gov.uk';

describe('Policy pack: cambridgeshire', () => {
  it('pins the full rule list, order and outcomes', () => {
    expect(CAMBRIDGESHIRE_PACK.rules.map((r) => [r.id, r.outcome])).toEqual([
      ['CCC-13-MARKING', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['CCC-5-FINANCIAL', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['CCC-5-SPECIAL-CATEGORY', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['CCC-5-UNSCANNED', { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' }],
      ['MALFORMED', { kind: 'action', action: 'quarantine' }],
      ['FROM-NOT-SINGLE', { kind: 'action', action: 'quarantine' }],
      ['CCC-7.1-VIRUS', { kind: 'action', action: 'quarantine' }],
      ['CCC-7.1-SPAM', { kind: 'action', action: 'quarantine' }],
      ['CCC-7.1-EXECUTABLE', { kind: 'action', action: 'quarantine' }],
      ['SPOOFED-TRUSTED-DOMAIN', { kind: 'action', action: 'quarantine' }],
      ['CCC-14-PROTECT', { kind: 'action', action: 'protect' }],
      ['CCC-17-DELIVER', { kind: 'action', action: 'deliver' }],
    ]);
  });

  it('differs from the DWP pack as data: no unsolicited-data hold, no bulk threshold', () => {
    expect(judge(facts({ findings: [finding('UK_NINO')] })).action).toBe('deliver');
    expect(judge(facts({ from: OFFICER, records: 5000 })).classification).toBe('OFFICIAL');
    expect(judge(facts({ findings: [finding('DATE_OF_BIRTH')] })).classification).toBe('OFFICIAL');
  });

  describe('Rule: CCC-13-MARKING', () => {
    it('classifies subjects flagged Official Sensitive or confidential', () => {
      expect(fired(facts({ subject: 'Confidential: panel minutes' }))).toContain('CCC-13-MARKING');
      expect(fired(facts({ subject: 'official-sensitive' }))).toContain('CCC-13-MARKING');
      expect(fired(facts({ subject: 'Minutes' }))).not.toContain('CCC-13-MARKING');
    });
  });

  describe('Rule: CCC-5-FINANCIAL', () => {
    it.each(['BANK_ACCOUNT', 'IBAN', 'PAYMENT_CARD', 'BENEFIT_AMOUNT'] as const)('protects %s', (type) => {
      expect(judge(facts({ findings: [finding(type)] }))).toMatchObject({
        classification: 'OFFICIAL-SENSITIVE',
        action: 'protect',
      });
    });
  });

  describe('Rule: CCC-5-SPECIAL-CATEGORY', () => {
    it.each(['HEALTH', 'SPECIAL_CATEGORY', 'NHS_NUMBER'] as const)('protects %s', (type) => {
      expect(fired(facts({ findings: [finding(type)] }))).toEqual([
        'CCC-5-SPECIAL-CATEGORY',
        'CCC-14-PROTECT',
      ]);
    });
  });

  describe('Rule: CCC-5-UNSCANNED', () => {
    it('protects mail with an attachment whose text was not read', () => {
      const zip = {
        filename: 'a.zip',
        kind: 'archive',
        detectedType: 'application/zip',
        flags: ['contents-not-scanned' as const],
      };
      expect(fired(facts({ from: OFFICER, attachments: [zip] }))).toEqual([
        'CCC-5-UNSCANNED',
        'CCC-14-PROTECT',
      ]);
    });
  });

  describe('Rule: CCC-7.1-VIRUS', () => {
    it('quarantines a virus FAIL', () => {
      expect(fired(facts({ verdicts: { virus: 'FAIL' } }))).toEqual(['CCC-7.1-VIRUS']);
    });
  });

  describe('Rule: CCC-7.1-SPAM', () => {
    it('quarantines a spam FAIL', () => {
      expect(fired(facts({ verdicts: { spam: 'FAIL' } }))).toEqual(['CCC-7.1-SPAM']);
    });
  });

  describe('Rule: CCC-7.1-EXECUTABLE', () => {
    it('quarantines an executable attachment', () => {
      const exe = {
        filename: 'run.exe',
        kind: 'executable',
        detectedType: 'application/x-msdownload',
        flags: ['executable' as const],
      };
      expect(fired(facts({ attachments: [exe] }))).toEqual(['CCC-7.1-EXECUTABLE']);
    });
  });

  describe('Rule: CCC-14-PROTECT', () => {
    it('protects Official Sensitive mail', () => {
      expect(fired(facts({ from: OFFICER, subject: 'CONFIDENTIAL' })).at(-1)).toBe('CCC-14-PROTECT');
    });
  });

  describe('Rule: CCC-17-DELIVER', () => {
    it('delivers a public enquiry', () => {
      expect(fired(facts())).toEqual(['CCC-17-DELIVER']);
    });
  });

  it('shares the product rules MALFORMED, FROM-NOT-SINGLE and SPOOFED-TRUSTED-DOMAIN', () => {
    expect(fired(facts({ unreadable: { reason: 'TRUNCATED', detail: 'x' } }))).toEqual(['MALFORMED']);
    expect(fired(facts({ fromHeaderCount: 3 }))).toEqual(['FROM-NOT-SINGLE']);
    expect(fired(facts({ from: OFFICER, verdicts: { dmarc: 'fail' } }))).toEqual(['SPOOFED-TRUSTED-DOMAIN']);
  });
});
