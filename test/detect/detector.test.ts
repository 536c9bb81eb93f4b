import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  contextMatcher,
  matches,
  NOT_AFTER_WORD,
  NOT_BEFORE_WORD,
  patternMatches,
} from '../../shared/detect/detector.ts';
import { DETECTORS } from '../../shared/detect/registry.ts';
import { pathological } from './support.ts';

const spans = (found: Iterable<RegExpExecArray>) => [...found].map((m) => [m.index, ...m]);

/**
 * Strings shaped like a pattern's matches: generated from its source with look-arounds dropped,
 * back-references read as a dash (a value every captured separator allows) and case left to `scramble` (the generator cannot do either).
 */
function shapedLike(regex: RegExp): fc.Arbitrary<string> {
  const body = regex.source
    .replaceAll(NOT_AFTER_WORD, '')
    .replaceAll(NOT_BEFORE_WORD, '')
    .replace(/\(\?<?[!=](?:[^()]|\([^()]*\))*\)/g, '')
    .replace(/\\[1-9]/g, '-');
  return fc.stringMatching(new RegExp(`^(?:${body})$`, regex.flags.replace(/[giy]/g, '')));
}

/** Flips the case of some letters, as people type. */
const scramble = (arb: fc.Arbitrary<string>) =>
  fc
    .tuple(arb, fc.array(fc.boolean(), { minLength: 64, maxLength: 64 }))
    .map(([s, flips]) =>
      [...s].map((ch, i) => (flips[i % 64] ? ch.toUpperCase() : ch.toLowerCase())).join(''),
    );

const GLUE = [
  ' ',
  '',
  '\n',
  '-',
  '.',
  ', ',
  '1',
  'a',
  'Z',
  '_',
  '£',
  'é',
  '\u2019',
  '\u017f',
  '\u212a',
  '(',
  '+',
];

function textsFor(regex: RegExp): fc.Arbitrary<string> {
  const shaped = shapedLike(regex);
  return fc.oneof(
    fc
      .array(fc.oneof(shaped, scramble(shaped), fc.constantFrom(...GLUE)), { maxLength: 12 })
      .map((parts) => parts.join('')),
    pathological,
  );
}

describe('patternMatches', () => {
  const declared = DETECTORS.flatMap((d) =>
    d.patterns.filter((p) => p.starts !== undefined).map((p) => ({ id: `${d.id}/${p.name}`, pattern: p })),
  );

  it('is used by every detector but the e-mail one, whose scan is cheap already', () => {
    const without = DETECTORS.filter((d) => d.patterns.some((p) => p.starts === undefined)).map((d) => d.id);
    expect(without).toEqual(['email-address']);
  });

  it.each(declared)('finds exactly what a global scan finds: $id', ({ pattern }) => {
    fc.assert(
      fc.property(textsFor(pattern.regex), (text) => {
        expect(spans(patternMatches(pattern, text))).toEqual(spans(matches(pattern.regex, text)));
      }),
      { numRuns: 250 },
    );
  });

  it('falls back to a full scan where lower-casing cannot be trusted', () => {
    const health = DETECTORS.find((d) => d.id === 'health')!;
    const strong = health.patterns[0]!;
    expect(spans(patternMatches(strong, 'İ ſchizophrenia'))).toEqual(
      spans(matches(strong.regex, 'İ ſchizophrenia')),
    );
    expect(spans(patternMatches(strong, 'İ ſchizophrenia'))).toHaveLength(1);
  });
});

describe('contextMatcher', () => {
  const birth = contextMatcher(['date of birth', 'born'], ['DOB']);

  it('says a text holds a context word when any list finds one, case-sensitive entries by case', () => {
    expect(birth.occursIn('Her Date-of Birth is on file')).toBe(true);
    expect(birth.occursIn('DOB 01/02/1980')).toBe(true);
    expect(birth.occursIn('He was born in Leeds')).toBe(true);
  });

  it('says a text holds none when no word stands alone in it, and then finds none anywhere', () => {
    for (const text of ['dob 01/02/1980', 'reborn on 01/02/1980', 'appointment date: 2026-12-01', '']) {
      expect(birth.occursIn(text)).toBe(false);
      for (let at = 0; at < text.length; at += 1) expect(birth.find(text, at, at + 1)).toBeUndefined();
    }
  });

  it('answers for the text it is given after another was indexed', () => {
    expect(birth.occursIn('born 1980')).toBe(true);
    expect(birth.occursIn('no context here')).toBe(false);
    expect(birth.find('born 1980', 5, 9)).toBe('born');
  });
});
