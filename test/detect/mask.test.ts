import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mask, revealCount } from '../../shared/detect/mask.ts';

describe('mask', () => {
  it.each([
    ['4111 1111 1111 1111', '**** **** **** 1111'],
    ['AB123456C', '******56C'],
    ['943 476 5919', '*** *** *919'],
    ['jo@example.com', '**@******e.com'],
    ['M1 1AE', '** **E'],
    ['abc', '***'],
  ])('masks %j', (value, expected) => {
    expect(mask(value)).toBe(expected);
  });

  it('never reveals more than four characters, and only trailing ones', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (value) => {
        const masked = mask(value);
        expect(masked.length).toBe(value.length);
        const shown = [...masked].filter((c, i) => c !== '*' && c === value[i] && /[\p{L}\p{N}]/u.test(c));
        expect(shown.length).toBeLessThanOrEqual(4);
      }),
    );
    expect(revealCount(100)).toBe(4);
  });

  it('masks the same whether a value holds surrogate pairs or not', () => {
    // Reference: mask code point by code point, as for values with characters outside the BMP.
    const separator = /[\s\-/.@()+:,]/u;
    const byCodePoint = (value: string) => {
      const chars = Array.from(value);
      let toReveal = revealCount(chars.filter((c) => !separator.test(c)).length);
      for (let i = chars.length - 1; i >= 0; i -= 1) {
        if (separator.test(chars[i]!)) continue;
        if (toReveal > 0) toReveal -= 1;
        else chars[i] = '*';
      }
      return chars.join('');
    };
    const units = fc.constantFrom(
      '1',
      'a',
      'Z',
      ' ',
      '-',
      '.',
      '@',
      '\u00a0',
      '\u2007',
      'é',
      '٣',
      '\u{1f600}',
      '\u{1d7d8}',
    );
    fc.assert(
      fc.property(fc.array(units, { maxLength: 40 }), (parts) => {
        const value = parts.join('');
        expect(mask(value)).toBe(byCodePoint(value));
      }),
      { numRuns: 500 },
    );
  });
});
