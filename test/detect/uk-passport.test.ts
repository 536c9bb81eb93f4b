import { describe, expect, it } from 'vitest';
import { ukPassportDetector } from '../../shared/detect/uk-passport.ts';
import { checkProperty, values } from './support.ts';

describe('Detector: UK_PASSPORT', () => {
  it.each([
    ['Passport number: 123456789', '123456789'],
    ['passport no. 925076473', '925076473'],
    ['My passport number is CD7654321', 'CD7654321'],
    ['Rhif pasbort 534000111', '534000111'],
  ])('finds %j', (text, expected) => {
    expect(values(ukPassportDetector, text)).toEqual([expected]);
  });

  it.each([
    ['nine digits without context', 'Order 123456789'],
    ['letters and digits without context', 'Ref AB1234567'],
    ['too long', 'passport 1234567890'],
    ['a placeholder', 'passport 000000000'],
    ['embedded', 'passport XYZAB1234567QRS'],
  ])('ignores %s', (_why, text) => {
    expect(values(ukPassportDetector, text)).toEqual([]);
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(ukPassportDetector));
});
