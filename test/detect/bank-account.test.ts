import { describe, expect, it } from 'vitest';
import { bankAccountDetector } from '../../shared/detect/bank-account.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: BANK_ACCOUNT', () => {
  it.each([
    ['Sort code 20-00-00, account number 12345678', '20-00-00, account number 12345678'],
    ['bank details: 20 45 77 41234567', '20 45 77 41234567'],
    ['acc no 83721983 sort code 404784', undefined],
    ['Cod didoli 30-94-57 rhif cyfrif 00123456', '30-94-57 rhif cyfrif 00123456'],
    ['sort code 309457 acc 87654321', '309457 acc 87654321'],
  ])('finds %j', (text, expected) => {
    const found = values(bankAccountDetector, text);
    if (expected) expect(found).toContain(expected);
    else expect(found.length).toBeGreaterThan(0);
  });

  it.each([
    ['a date', 'Your appointment on 12-05-24 at 10:00'],
    ['a pair without banking context', 'Ref 20-00-00 12345678'],
    ['a sort code with no label', 'bank 20-00-00'],
    ['a placeholder', 'sort code 00-00-00 account 00000000'],
    ['a phone number', 'Call 020 7946 0958'],
  ])('ignores %s', (_why, text) => {
    expect(values(bankAccountDetector, text)).toEqual([]);
  });

  it('does not pair a sort code with a 9-digit number', () => {
    expect(run(bankAccountDetector, 'sort code 20-00-00 account 123456789').map((f) => f.pattern)).toEqual([
      'sort-code-only',
    ]);
  });

  it('reports a labelled sort code alone as a weaker finding', () => {
    const [f] = run(bankAccountDetector, 'Sort code: 20-45-77');
    expect(f?.pattern).toBe('sort-code-only');
    const [pair] = run(bankAccountDetector, 'Sort code: 20-45-77 account 41234567');
    expect(pair!.confidence).toBeGreaterThan(f!.confidence);
  });

  it('masks all but the last four digits of the account', () => {
    expect(bankAccountDetector.detect('sort code 20-00-00 12345678')[0]?.masked).toBe('**-**-** ****5678');
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(bankAccountDetector));
});
