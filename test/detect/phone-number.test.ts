import { describe, expect, it } from 'vitest';
import { phoneNumberDetector } from '../../shared/detect/phone-number.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: PHONE_NUMBER', () => {
  it.each([
    ['mobile', 'Call me on 07911 123456', '07911 123456', 'mobile'],
    ['mobile, +44', 'mob: +44 7911 123456', '+44 7911 123456', 'mobile'],
    ['landline, London', 'Tel 020 7946 0958', '020 7946 0958', 'landline'],
    ['landline, +44 (0)', 'T: +44 (0)20 7946 0958', '+44 (0)20 7946 0958', 'landline'],
    ['landline, Cardiff', 'ffôn 029 2018 0123', '029 2018 0123', 'landline'],
    ['international with +', 'My number abroad is +33 1 42 68 53 00', '+33 1 42 68 53 00', 'landline'],
    ['number between other figures', 'ref 12 07911 123456', '07911 123456', 'mobile'],
  ])('finds a %s number', (_why, text, expected, kind) => {
    const [f] = run(phoneNumberDetector, text);
    expect(f?.value).toBe(expected);
    expect(f?.attributes?.phoneKind).toBe(kind);
  });

  it.each([
    ['an NHS-shaped number', '943 476 5919'],
    ['a date', '12-05-2024'],
    ['a sort code and account', '20-00-00 12345678'],
    ['a card number', '4111 1111 1111 1111'],
    ['too few digits', '0207 946'],
    ['glued to letters', 'ref07911123456x'],
    ['a national number of another country', 'Israel 09-7625400'],
  ])('ignores %s', (_why, text) => {
    expect(values(phoneNumberDetector, text)).toEqual([]);
  });

  it('keeps organisation numbers (freephone) below the threshold unless context raises them', () => {
    const [f] = run(phoneNumberDetector, 'Helpline 0800 169 0310', 0);
    expect(f?.attributes?.phoneKind).toBe('other');
    expect(f!.confidence).toBeLessThan(0.5);
  });

  it('scores North American national numbers below the threshold', () => {
    expect(values(phoneNumberDetector, '(415) 555-0132')).toEqual([]);
    expect(values(phoneNumberDetector, '(415) 555-0132', 0)).toEqual(['(415) 555-0132']);
  });

  it('masks all but the last three digits of an 11-digit number', () => {
    expect(phoneNumberDetector.detect('07911 123456')[0]?.masked).toBe('***** ***456');
  });

  it('keeps offsets valid and values masked on pathological input', () =>
    checkProperty(phoneNumberDetector, 80));
});
