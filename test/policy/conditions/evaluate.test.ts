import { describe, expect, it } from 'vitest';
import type { EvaluationContext } from '../../../shared/policy/conditions/context.ts';
import { evaluateCondition } from '../../../shared/policy/conditions/evaluate.ts';
import { facts, finding } from '../facts.ts';

const ctx = (overrides: Partial<EvaluationContext> = {}): EvaluationContext => ({
  facts: facts(),
  trust: 'unverified',
  ...overrides,
});

describe('policy conditions', () => {
  it('always matches', () => {
    expect(evaluateCondition({ always: true }, ctx()).matched).toBe(true);
  });

  it('unreadable matches only an unreadable message and says why', () => {
    expect(evaluateCondition({ unreadable: true }, ctx()).matched).toBe(false);
    const unreadable = ctx({
      facts: facts({ unreadable: { reason: 'TOO_DEEP', detail: 'nesting deeper than 20' } }),
    });
    expect(evaluateCondition({ unreadable: true }, unreadable)).toEqual({
      matched: true,
      detail: 'TOO_DEEP: nesting deeper than 20',
    });
  });

  it('fromHeaderNotSingle matches zero or several From headers, or one with no address', () => {
    expect(evaluateCondition({ fromHeaderNotSingle: true }, ctx()).matched).toBe(false);
    expect(
      evaluateCondition({ fromHeaderNotSingle: true }, ctx({ facts: facts({ fromHeaderCount: 2 }) })),
    ).toEqual({ matched: true, detail: '2 From headers' });
    expect(
      evaluateCondition({ fromHeaderNotSingle: true }, ctx({ facts: facts({ fromHeaderCount: 0 }) })).matched,
    ).toBe(true);
    const noAddress = { ...facts(), sender: { fromHeaderCount: 1, isValidatedContact: false } };
    expect(evaluateCondition({ fromHeaderNotSingle: true }, ctx({ facts: noAddress })).matched).toBe(true);
  });

  it('verdict matches the listed values of one SES check', () => {
    const spam = ctx({ facts: facts({ verdicts: { spam: 'FAIL' } }) });
    expect(evaluateCondition({ verdict: { check: 'spam', in: ['FAIL'] } }, spam).matched).toBe(true);
    expect(evaluateCondition({ verdict: { check: 'virus', in: ['FAIL'] } }, spam).matched).toBe(false);
    expect(evaluateCondition({ verdict: { check: 'spam', in: ['GRAY'] } }, spam).matched).toBe(false);
  });

  it('attachmentFlag names the attachment, never its content', () => {
    const withExe = ctx({
      facts: facts({
        attachments: [
          { filename: 'invoice.pdf', kind: 'pdf', detectedType: 'application/pdf', flags: [] },
          {
            filename: 'invoice.pdf.exe',
            kind: 'executable',
            detectedType: 'application/x-msdownload',
            flags: ['executable'],
          },
        ],
      }),
    });
    expect(evaluateCondition({ attachmentFlag: ['executable'] }, withExe)).toEqual({
      matched: true,
      detail: 'invoice.pdf.exe (executable, application/x-msdownload)',
    });
    expect(evaluateCondition({ attachmentFlag: ['encrypted-archive'] }, withExe).matched).toBe(false);
  });

  it('recordsOver is strict: 500 records is not more than 500', () => {
    expect(evaluateCondition({ recordsOver: 500 }, ctx({ facts: facts({ records: 500 }) })).matched).toBe(
      false,
    );
    expect(evaluateCondition({ recordsOver: 500 }, ctx({ facts: facts({ records: 501 }) }))).toEqual({
      matched: true,
      detail: '501 records, more than 500',
    });
  });

  it('findingAny and findingOtherThan look at finding types', () => {
    const emailOnly = ctx({ facts: facts({ findings: [finding('EMAIL_ADDRESS')] }) });
    expect(evaluateCondition({ findingOtherThan: ['EMAIL_ADDRESS'] }, emailOnly).matched).toBe(false);
    expect(evaluateCondition({ findingAny: ['EMAIL_ADDRESS'] }, emailOnly).matched).toBe(true);
    const nino = ctx({ facts: facts({ findings: [finding('EMAIL_ADDRESS'), finding('UK_NINO', 3)] }) });
    expect(evaluateCondition({ findingOtherThan: ['EMAIL_ADDRESS'] }, nino)).toEqual({
      matched: true,
      detail: 'found UK_NINO ×3',
    });
  });

  it('senderTrust and classification test what the engine derived', () => {
    expect(evaluateCondition({ senderTrust: ['trusted'] }, ctx()).matched).toBe(false);
    expect(evaluateCondition({ senderTrust: ['unverified'] }, ctx()).matched).toBe(true);
    expect(evaluateCondition({ classification: 'OFFICIAL-SENSITIVE' }, ctx()).matched).toBe(false);
    expect(
      evaluateCondition(
        { classification: 'OFFICIAL-SENSITIVE' },
        ctx({ classification: 'OFFICIAL-SENSITIVE' }),
      ).matched,
    ).toBe(true);
  });

  it('all, any and not combine conditions', () => {
    const c = ctx({ facts: facts({ records: 600 }) });
    expect(evaluateCondition({ all: [{ always: true }, { recordsOver: 500 }] }, c)).toEqual({
      matched: true,
      detail: '600 records, more than 500',
    });
    expect(evaluateCondition({ all: [{ recordsOver: 500 }, { unreadable: true }] }, c).matched).toBe(false);
    expect(evaluateCondition({ any: [{ unreadable: true }, { recordsOver: 500 }] }, c).matched).toBe(true);
    expect(evaluateCondition({ any: [{ unreadable: true }, { recordsOver: 900 }] }, c).matched).toBe(false);
    expect(evaluateCondition({ not: { unreadable: true } }, c).matched).toBe(true);
    expect(evaluateCondition({ not: { recordsOver: 500 } }, c).matched).toBe(false);
  });

  it('refuses a condition outside the vocabulary', () => {
    expect(() => evaluateCondition({ bogus: true } as never, ctx())).toThrow(/unknown policy condition/);
  });
});
