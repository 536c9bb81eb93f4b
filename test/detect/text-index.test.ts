import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  cursorAt,
  fromDigitRuns,
  indexText,
  scanAt,
  unitAt,
  wordLeads,
} from '../../shared/detect/text-index.ts';

/** Text with digits, letters in both cases, separators and the characters that make lower-casing or word starts tricky. */
const tricky = fc
  .array(
    fc.constantFrom(
      'a',
      'A',
      'ab',
      'Ab',
      'st',
      'St',
      'I ',
      '1',
      '12',
      '2026',
      ' ',
      '-',
      '_',
      '.',
      '\n',
      'é',
      'É',
      '\u2019',
      '\u212a', // Kelvin sign: lower-cases to k
      '\u{1d7d8}', // mathematical digit: a number outside the BMP
      '\u{1f600}', // emoji: a surrogate pair that is not a letter
      '\ud800', // lone high surrogate
      '\udc00', // lone low surrogate
      '٣', // Arabic-Indic digit: a number, not an ASCII digit
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

const STARTS_WORD = /(?<![\p{L}\p{N}])[\p{L}\p{N}]/uy;

function bruteForceWordStarts(text: string, prefixes: readonly string[]): number[] {
  const lower = text.toLowerCase();
  const out: number[] = [];
  for (let p = 0; p < text.length; p += 1) {
    STARTS_WORD.lastIndex = p;
    if (STARTS_WORD.test(text) && prefixes.some((x) => lower.startsWith(x, p))) out.push(p);
  }
  return out;
}

const spans = (found: Iterable<RegExpExecArray>) => [...found].map((m) => [m.index, m[0]]);

describe('indexText', () => {
  it('finds every maximal run of ASCII digits', () => {
    fc.assert(
      fc.property(tricky, (text) => {
        const index = indexText(text);
        const runs = [...text.matchAll(/\d+/g)];
        expect([...index.digitRunStarts]).toEqual(runs.map((m) => m.index));
        expect([...index.digitRunEnds]).toEqual(runs.map((m) => m.index + m[0].length));
      }),
      { numRuns: 300 },
    );
  });

  it('finds whole words only where the run of letters and numbers is the word', () => {
    const text = 'No now, NO-one m M2 m\u0301 am';
    expect(indexText(text).wordStartsWith([], ['no', 'm'])).toEqual([0, 8, 15, 20]);
    expect(indexText(text).wordStartsWith(['no'], [])).toEqual([0, 3, 8]);
    const long = `${'x '.repeat(600)}${text}`;
    expect(indexText(long).wordStartsWith([], ['no', 'm'])).toEqual([0, 8, 15, 20].map((p) => p + 1200));
  });

  it('finds the word starts that begin with a prefix, as a word-boundary look-behind reads them', () => {
    const prefixes = ['a', 'st', 'i ', 'k', 'é', 'b1', 'st a', 'ab1', 'i’m', 'aba'];
    // Long texts (hundreds of words) have their word starts grouped; short ones are read in order.
    const long = fc.tuple(tricky, tricky).map(([a, b]) => `${a}${' St a1'.repeat(200)}${b}`);
    fc.assert(
      fc.property(fc.oneof(tricky, long), (text) => {
        expect(indexText(text).wordStartsWith(prefixes)).toEqual(bruteForceWordStarts(text, prefixes));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses to look for words that start with a digit, which it does not index', () => {
    expect(() => indexText('12 ab').wordStartsWith(['1st'])).toThrow(/start with a digit/);
  });

  it('gives no lower-cased text where lower-casing could hide a case-insensitive match', () => {
    // ſ matches s case-insensitively but stays ſ; İ lower-cases to two units and shifts offsets.
    expect(indexText('ſtreet').lower).toBeUndefined();
    expect(indexText('ſtreet').wordStartsWith(['st'])).toBeUndefined();
    expect(indexText('İstanbul street').lower).toBeUndefined();
    expect(indexText('Station Street').lower).toBe('station street');
    expect(indexText('Station Street').wordStartsWith(['st'])).toEqual([0, 8]);
  });

  it('keeps what it found for a text when later texts are read', () => {
    const short = indexText('Street st 12');
    const long = indexText(`${'Street st '.repeat(300)}12`);
    const other = indexText(`${'x y z '.repeat(400)} st`);
    expect(short.wordStartsWith(['st'])).toEqual([0, 7]);
    expect(long.wordStartsWith(['str'])).toHaveLength(300);
    expect(other.wordStartsWith([], ['st'])).toEqual([2401]);
    expect(short.wordStartsWith([], ['st'])).toEqual([7]);
    expect(long.wordStartsWith([], ['st'])?.slice(0, 2)).toEqual([7, 17]);
    expect([...long.digitRunStarts]).toEqual([3000]);
  });

  it('answers for the text it is given, not the one before', () => {
    expect([...indexText('ab 12').digitRunStarts]).toEqual([3]);
    expect([...indexText('1 ab').digitRunStarts]).toEqual([0]);
  });
});

describe('scanAt', () => {
  const regexes = [/aa|a/g, /(?<![\p{L}\p{N}])(?:st|a b|ab)(?![\p{L}\p{N}])/giu, /\d{1,2}[.-]?\d/g, /I a?/gu];

  it('finds what a global scan finds when every position is a candidate', () => {
    fc.assert(
      fc.property(tricky, fc.constantFrom(...regexes), (text, regex) => {
        const all = Array.from({ length: text.length + 1 }, (_, i) => i);
        expect(spans(scanAt(regex, text, all))).toEqual(spans(text.matchAll(regex)));
      }),
      { numRuns: 300 },
    );
  });

  it('takes candidates in any order, skips those inside a match, and ignores those outside the text', () => {
    expect(spans(scanAt(/aa/g, 'aaaa', [3, 1, 0, 2, -1, 9]))).toEqual([
      [0, 'aa'],
      [2, 'aa'],
    ]);
  });

  it('misses a match whose start is not offered', () => {
    expect(spans(scanAt(/b/g, 'ab b', [3]))).toEqual([[3, 'b']]);
  });
});

describe('cursorAt', () => {
  it('resumes from lastIndex, also when it is moved back, and ends with null', () => {
    const cursor = cursorAt(/aa/g, 'aaaa', [0, 1, 2]);
    expect(cursor.exec()?.index).toBe(0);
    cursor.lastIndex = 1;
    expect(cursor.exec()?.index).toBe(1);
    expect(cursor.lastIndex).toBe(3);
    expect(cursor.exec()).toBeNull();
    expect(cursor.lastIndex).toBe(0);
  });
});

describe('fromDigitRuns', () => {
  it('passes each run to the picker and keeps what it pushes', () => {
    const text = 'AB12 x 345678';
    const starts = fromDigitRuns(indexText(text), (start, end, out) => {
      if (end - start === 2 && unitAt(text, start - 1) === 66) out.push(start - 2);
    });
    expect(starts).toEqual([0]);
    expect(unitAt(text, -1)).toBe(-1);
    expect(unitAt(text, text.length)).toBe(-1);
  });
});

describe('wordLeads', () => {
  it('takes a one-run word whole and any other word up to its first space or apostrophe, lower-cased', () => {
    expect(wordLeads(['Date of birth', "Carer's allowance", 'D.O.B', 'DOB', 'tŷ', 'e-mail', 'M'])).toEqual({
      prefixes: ['date', 'carer', 'd.o.b', 'e-mail'],
      wholeWords: ['dob', 'tŷ', 'm'],
    });
  });

  it('refuses a word that starts with a separator, which would leave nothing to look for', () => {
    expect(() => wordLeads([" 'tis"])).toThrow(/starts with a separator/);
  });
});
