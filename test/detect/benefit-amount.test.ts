import { describe, expect, it } from 'vitest';
import { benefitAmountDetector } from '../../shared/detect/benefit-amount.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: BENEFIT_AMOUNT', () => {
  it.each([
    ['Your Universal Credit payment is £1,234.56 this month.', '£1,234.56', 'Universal Credit'],
    ['She gets £85 a week PIP.', '£85', 'PIP'],
    ['UC deduction of 120 pounds', '120 pounds', 'deduction'],
    ["Carer's Allowance: GBP 81.90", 'GBP 81.90', "Carer's Allowance"],
    ['Credyd Cynhwysol o £400', '£400', 'credyd cynhwysol'],
    ['child maintenance of £45.00 weekly', '£45.00', 'child maintenance'],
  ])('finds %j', (text, expected, benefit) => {
    const [f] = run(benefitAmountDetector, text);
    expect(f?.value).toBe(expected);
    expect(f?.context?.toLowerCase()).toBe(benefit.toLowerCase());
  });

  it.each([
    ['an amount with no benefit', 'a £20 parking fine'],
    ['a benefit in another sentence', 'We discussed Universal Credit. The parking fine is £20.'],
    ['a benefit with no amount', 'Universal Credit claim'],
    ['lower-case uc', 'the uc £50'],
    ['a bare number', 'PIP reference 12345'],
  ])('ignores %s', (_why, text) => {
    expect(values(benefitAmountDetector, text)).toEqual([]);
  });

  it('keeps offsets valid and values masked on pathological input', () =>
    checkProperty(benefitAmountDetector));
});
