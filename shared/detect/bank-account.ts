import type { Detection } from './detection.ts';
import { composeConfidence, contextMatcher, type Detector, finding, isRealDate } from './detector.ts';
import { fromDigitRuns, indexText, isOneOf, scanAt, unitAt } from './text-index.ts';

/**
 * UK sort code (Pay.UK: six digits, printed dd-dd-dd, dd dd dd or dddddd) followed within a short
 * gap by an 8-digit account number (the standard UK length; 7-digit numbers are written with a
 * leading zero, and building-society roll numbers are alphanumeric, so neither is matched).
 * The gap may hold a label ("account number", "acc no:") but no other digits.
 */
const SORT_CODE = '\\d{2}([- ]?)\\d{2}\\1\\d{2}';
const PAIR = new RegExp(`(?<![\\d-])${SORT_CODE}(?![\\d-])[^\\d\\n]{1,30}(?<!\\d)\\d{8}(?!\\d)`, 'g');
/** The same pair written account first ("acc no 12345678 sort code 20-00-00"). */
const PAIR_REVERSED = new RegExp(
  `(?<![\\d-])\\d{8}(?!\\d)[^\\d\\n]{1,30}(?<![\\d-])${SORT_CODE}(?![\\d-])`,
  'g',
);
/** A sort code on its own, reported only straight after a "sort code" label. */
const SORT_CODE_ONLY = /(?<![\d-])\d{2}([- ])\d{2}\1\d{2}(?![\d-])/g;

const CONTEXT = contextMatcher(
  [
    'sort code',
    'account number',
    'account no',
    'acc no',
    'acct no',
    'a/c',
    'bank',
    'bank account',
    'bank details',
    'building society',
    'cod didoli',
    'rhif cyfrif',
    'cyfrif banc',
    'manylion banc',
  ],
  [],
);
const SORT_CODE_LABEL = contextMatcher(['sort code', 'sortcode', 'cod didoli'], []);

/**
 * Where each pattern can start: the first group of digits starts a digit run (not after a dash)
 * of two followed by a dash or space (a printed sort code), six (an unbroken one) or eight (an
 * account number first).
 */
function runsOf(unbroken: readonly number[], printed: boolean): (text: string) => number[] {
  return (text) =>
    fromDigitRuns(indexText(text), (start, end, out) => {
      if (unitAt(text, start - 1) === 0x2d) return;
      const length = end - start;
      if (unbroken.includes(length) || (printed && length === 2 && isOneOf(unitAt(text, end), '- ')))
        out.push(start);
    });
}
const PAIR_STARTS = runsOf([6], true);
const REVERSED_STARTS = runsOf([8], false);
const SORT_CODE_STARTS = runsOf([], true);

/** True when a dd-dd-dd value also reads as a calendar date (dd-mm-yy), the usual false sort code. */
function looksLikeDate(sortCode: string): boolean {
  const [d, m, y] = sortCode.split(/[- ]/).map(Number);
  return d !== undefined && m !== undefined && y !== undefined && isRealDate(2000 + y, m, d);
}

/** UK sort code and account number. */
export const bankAccountDetector: Detector = {
  id: 'bank-account',
  type: 'BANK_ACCOUNT',
  patterns: [
    {
      name: 'sort-code-and-account',
      regex: PAIR,
      standard: 'Pay.UK sort code + 8-digit account number',
      starts: PAIR_STARTS,
    },
    {
      name: 'account-and-sort-code',
      regex: PAIR_REVERSED,
      standard: 'Pay.UK 8-digit account number + sort code',
      starts: REVERSED_STARTS,
    },
    {
      name: 'sort-code-only',
      regex: SORT_CODE_ONLY,
      standard: 'Pay.UK sort code, labelled',
      starts: SORT_CODE_STARTS,
    },
  ],
  contextWords: ['sort code', 'account number', 'acc no', 'bank', 'cod didoli', 'rhif cyfrif'],
  validate(value) {
    // All-zero values are placeholders on forms, not accounts.
    return !/^[0\s-]+$/.test(value.slice(0, 8)) && /\d/.test(value);
  },
  detect(text) {
    const out: Detection[] = [];
    for (const [name, regex, starts] of [
      ['sort-code-and-account', PAIR, PAIR_STARTS],
      ['account-and-sort-code', PAIR_REVERSED, REVERSED_STARTS],
    ] as const)
      for (const m of scanAt(regex, text, starts(text))) {
        const start = m.index;
        const end = start + m[0].length;
        if (!this.validate(m[0], name)) continue;
        const context = CONTEXT.find(text, start, end, { before: 60, after: 20 });
        // A six-digit group followed by eight digits is already a strong shape; with banking words
        // it is near certain. Without them it is left below the default threshold.
        out.push(
          finding(this, text, {
            start,
            end,
            confidence: composeConfidence(0.45, context, 0.45),
            pattern: name,
            validation: 'passed',
            context,
          }),
        );
      }
    for (const m of scanAt(SORT_CODE_ONLY, text, SORT_CODE_STARTS(text))) {
      const start = m.index;
      const end = start + m[0].length;
      const label = SORT_CODE_LABEL.find(text, start, end, { before: 25, after: 0 });
      if (label === undefined || !this.validate(m[0], 'sort-code-only')) continue;
      // A labelled sort code identifies a branch, not a person: a weaker finding than the pair.
      const base = looksLikeDate(m[0]) ? 0.2 : 0.25;
      out.push(
        finding(this, text, {
          start,
          end,
          confidence: composeConfidence(base, label),
          pattern: 'sort-code-only',
          validation: 'passed',
          context: label,
        }),
      );
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
