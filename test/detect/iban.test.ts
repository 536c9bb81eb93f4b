import { describe, expect, it } from 'vitest';
import { ibanDetector } from '../../shared/detect/iban.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: IBAN', () => {
  it.each([
    ['GB82 WEST 1234 5698 7654 32', 'GB82 WEST 1234 5698 7654 32'],
    ['IBAN: GB82WEST12345698765432.', 'GB82WEST12345698765432'],
    ['pay DE89 3704 0044 0532 0130 00 today', 'DE89 3704 0044 0532 0130 00'],
    ['AL47-2121-1009-0000-0002-3569-8741', 'AL47-2121-1009-0000-0002-3569-8741'],
    ['ref X1 GB82 WEST 1234 5698 7654 32 Y', 'GB82 WEST 1234 5698 7654 32'],
  ])('finds %j', (text, expected) => {
    expect(values(ibanDetector, text)).toEqual([expected]);
  });

  it.each([
    ['a checksum failure', 'GB82 WEST 1234 5698 7654 33'],
    ['a wrong country length', 'GB82 WEST 1234 5698 7654 3'],
    ['lower case', 'gb82 west 1234 5698 7654 32'],
    ['an unknown country', 'XX82WEST12345698765432'],
    ['slashes', 'AL47/2121/1009/0000/0002/3569/8741'],
    ['mixed separators', 'GB82 WEST-1234 5698 7654 32'],
    ['a longer token', 'GB82WEST12345698765432AB'],
  ])('ignores %s', (_why, text) => {
    expect(values(ibanDetector, text)).toEqual([]);
  });

  it('raises confidence with IBAN context', () => {
    expect(run(ibanDetector, 'IBAN GB82WEST12345698765432')[0]!.confidence).toBeGreaterThan(
      run(ibanDetector, 'GB82WEST12345698765432')[0]!.confidence,
    );
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(ibanDetector));
});
