import { describe, expect, it } from 'vitest';
import { isKnownCharset } from '../../shared/mail/charset.ts';
import { DEFAULT_MAIL_LIMITS, resolveLimits } from '../../shared/mail/limits.ts';

describe('limits', () => {
  it('keeps defaults for missing or invalid overrides', () => {
    expect(resolveLimits({ maxParts: 10, maxDepth: Number.NaN, maxRawBytes: -1 })).toEqual({
      ...DEFAULT_MAIL_LIMITS,
      maxParts: 10,
    });
  });
});

describe('isKnownCharset', () => {
  it.each([
    ['utf-8', true],
    ['ISO-8859-1', true],
    ['windows-1252', true],
    ['cp1251', true],
    ['x-mac-cyrillic', true],
    ['shift_jis', true],
    ['unknown-8bit', false],
    ['utf-7', false],
    ['', false],
  ])('knows %j: %s', (label, known) => {
    expect(isKnownCharset(label)).toBe(known);
  });
});
