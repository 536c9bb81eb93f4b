import type { Detection } from './detection.ts';
import {
  composeConfidence,
  contextMatcher,
  type Detector,
  finding,
  isRealDate,
  patternMatches,
  wordStarts,
} from './detector.ts';
import { fromDigitRuns, indexText, isOneOf, unitAt } from './text-index.ts';

const EN_MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];
/** Welsh month names (Ionawr … Rhagfyr), as in Welsh Government style. */
const CY_MONTHS = [
  'ionawr',
  'chwefror',
  'mawrth',
  'ebrill',
  'mai',
  'mehefin',
  'gorffennaf',
  'awst',
  'medi',
  'hydref',
  'tachwedd',
  'rhagfyr',
];
const MONTH_WORD =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|ionawr|chwefror|mawrth|ebrill|mai|mehefin|gorffennaf|awst|medi|hydref|tachwedd|rhagfyr)';

/** How every month name in {@link MONTH_WORD} begins. */
const MONTH_PREFIXES = [...EN_MONTHS.map((m) => m.slice(0, 3)), ...CY_MONTHS];

/** UK numeric order first (dd/mm/yyyy, BS 8888 / GOV.UK style), with / - . separators. */
const NUMERIC_DMY = /(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d/.-]?\d)/g;
/** ISO 8601 calendar date. */
const ISO = /(?<![\d/.-])(\d{4})-(\d{2})-(\d{2})(?![\d-]|T\d)/g;
/** "5 May 1980", "5th of May 1980", "5-May-1980". */
const DAY_MONTH_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])(\\d{1,2})(?:st|nd|rd|th)?(?: of)?[ -](${MONTH_WORD})\\.?,?[ -](\\d{4})(?!\\d)`,
  'giu',
);
/** "May 5, 1980", "May 5th 1980". */
const MONTH_DAY_YEAR = new RegExp(
  `(?<![\\p{L}\\p{N}])(${MONTH_WORD})\\.? (\\d{1,2})(?:st|nd|rd|th)?,? (\\d{4})(?!\\d)`,
  'giu',
);

const CONTEXT = contextMatcher(
  [
    'date of birth',
    'birth date',
    'birthdate',
    'born on',
    'born',
    'birthday',
    'D.O.B',
    'D.O.B.',
    'dyddiad geni',
    'ganwyd',
    'ganed',
    'pen-blwydd',
  ],
  ['DOB', 'Dob', 'dob', 'DoB'],
);

/**
 * Where each pattern can start: numeric dates at a digit run of one or two digits (the day)
 * followed by a separator, or of four (an ISO year) followed by `-`; "5 May 1980" at a day
 * followed by a space, dash or ordinal letter; "May 5, 1980" at a word that begins like a month.
 */
function runsFollowedBy(lengths: (length: number) => boolean, next: string, notAfter: string) {
  return (text: string): number[] =>
    fromDigitRuns(indexText(text), (start, end, out) => {
      const after = unitAt(text, end);
      // A case-insensitive pattern may match a non-ASCII letter as an ASCII one (ſ as s).
      if (!lengths(end - start) || !(isOneOf(after, next) || after >= 128)) return;
      // The patterns' own look-behind, as far as ASCII goes.
      const before = unitAt(text, start - 1);
      if (!isOneOf(before, notAfter)) out.push(start);
    });
}
/** Characters none of the numeric patterns may follow; letters too for "5 May 1980". */
const NUMERIC_NOT_AFTER = '/.-';
const WORD_NOT_AFTER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DAY = (length: number) => length <= 2;
const YEAR = (length: number) => length === 4;

/** Years accepted as birth years: no clock is read, so the range is wide but excludes typos. */
export const BIRTH_YEAR_RANGE = { min: 1900, max: 2100 } as const;

function monthIndex(word: string): number {
  const w = word.toLowerCase().replace(/\.$/, '');
  const cy = CY_MONTHS.indexOf(w);
  if (cy >= 0) return cy + 1;
  return EN_MONTHS.findIndex((m) => m.startsWith(w.slice(0, 3))) + 1;
}

function fullYear(y: string): number {
  // Two-digit years are read as the most recent century in which a living person was born.
  if (y.length === 4) return Number(y);
  const n = Number(y);
  return n <= 30 ? 2000 + n : 1900 + n;
}

function plausible(year: number, month: number, day: number): boolean {
  return year >= BIRTH_YEAR_RANGE.min && year <= BIRTH_YEAR_RANGE.max && isRealDate(year, month, day);
}

/** Reads a matched date into y/m/d parts; numeric dates accept day-first, or month-first when only that is real. */
function parse(pattern: string, m: RegExpExecArray): boolean {
  switch (pattern) {
    case 'numeric-dmy': {
      const a = Number(m[1]);
      const b = Number(m[3]);
      const year = fullYear(m[4]!);
      return plausible(year, b, a) || plausible(year, a, b);
    }
    case 'iso-8601':
      return plausible(Number(m[1]), Number(m[2]), Number(m[3]));
    case 'day-month-year':
      return plausible(Number(m[3]), monthIndex(m[2]!), Number(m[1]));
    case 'month-day-year':
      return plausible(Number(m[3]), monthIndex(m[1]!), Number(m[2]));
    default:
      return false;
  }
}

/** A date that is a date of birth: any other date (letters, appointments) is not reported at all. */
export const dateOfBirthDetector: Detector = {
  id: 'date-of-birth',
  type: 'DATE_OF_BIRTH',
  patterns: [
    {
      name: 'numeric-dmy',
      regex: NUMERIC_DMY,
      standard: 'UK day-month-year order (GOV.UK style guide)',
      starts: runsFollowedBy(DAY, '/.-', NUMERIC_NOT_AFTER),
    },
    {
      name: 'iso-8601',
      regex: ISO,
      standard: 'ISO 8601 calendar date',
      starts: runsFollowedBy(YEAR, '-', NUMERIC_NOT_AFTER),
    },
    {
      name: 'day-month-year',
      regex: DAY_MONTH_YEAR,
      standard: 'GOV.UK style "5 May 1980", English and Welsh months',
      starts: runsFollowedBy(DAY, ' -sSnNrRtT', WORD_NOT_AFTER),
    },
    {
      name: 'month-day-year',
      regex: MONTH_DAY_YEAR,
      standard: '"May 5, 1980", English and Welsh months',
      starts: wordStarts(MONTH_PREFIXES),
    },
  ],
  contextWords: ['date of birth', 'DOB', 'D.O.B', 'born', 'birthday', 'dyddiad geni', 'ganwyd'],
  validate(value, pattern) {
    const p = this.patterns.find((x) => x.name === pattern);
    if (!p) return false;
    const m = new RegExp(`^${p.regex.source}$`, p.regex.flags.replace('g', '')).exec(value);
    return m !== null && parse(pattern, m);
  },
  detect(text) {
    const out: Detection[] = [];
    // Every date reported needs birth context, so a text without any is not searched for dates.
    if (!CONTEXT.occursIn(text)) return out;
    for (const pattern of this.patterns) {
      for (const m of patternMatches(pattern, text)) {
        if (!parse(pattern.name, m)) continue;
        const start = m.index;
        const end = start + m[0].length;
        const context = CONTEXT.find(text, start, end, { before: 40, after: 25 });
        // Without birth context a date is only a date, and dates are not personal data here.
        if (context === undefined) continue;
        out.push(
          finding(this, text, {
            start,
            end,
            confidence: composeConfidence(0.5, context),
            pattern: pattern.name,
            validation: 'passed',
            context,
          }),
        );
      }
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
