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
});
