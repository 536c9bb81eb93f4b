import { describe, expect, it } from 'vitest';
import { nhsCheckDigitValid, nhsNumberDetector } from '../../shared/detect/nhs-number.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: NHS_NUMBER', () => {
  it.each([
    ['NHS number: 943 476 5919', '943 476 5919'],
    ['NHS No 943-476-5919', '943-476-5919'],
    ['nhs number 9434765919', '9434765919'],
    ['Rhif GIG 401 023 2137', '401 023 2137'],
  ])('finds %j', (text, expected) => {
    expect(values(nhsNumberDetector, text)).toEqual([expected]);
  });

  it.each([
    ['a check-digit failure', 'NHS number 943 476 5918'],
    ['check digit 10', 'NHS number 000 000 0060'],
    ['all one digit', 'NHS number 0000000000'],
    ['mixed separators', 'NHS number 943 476-5919'],
    ['inside a longer number', 'NHS number 19434765919'],
  ])('ignores %s', (_why, text) => {
    expect(values(nhsNumberDetector, text, 0)).toEqual([]);
  });

  it('keeps a checksum-only match below the default threshold', () => {
    expect(values(nhsNumberDetector, 'Ref 943 476 5919')).toEqual([]);
    expect(run(nhsNumberDetector, 'Ref 943 476 5919', 0)[0]?.confidence).toBe(0.4);
  });

  it('implements the mod 11 check', () => {
    expect(nhsCheckDigitValid('9434765919')).toBe(true);
    expect(nhsCheckDigitValid('9434765918')).toBe(false);
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(nhsNumberDetector));
});
