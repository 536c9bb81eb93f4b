import type { Detection } from './detection.ts';
import { composeConfidence, contextMatcher, type Detector, finding, patternMatches } from './detector.ts';
import { fromDigitRuns, indexText } from './text-index.ts';

/**
 * HM Passport Office passport numbers: nine digits (the format printed in UK passports, ICAO
 * Doc 9303 document number field), and two letters + seven digits, the shape Presidio also
 * recognises for newer series. Nine digits alone are any reference number, so they are only
 * reported next to a passport word.
 */
const NINE_DIGITS = /(?<![\p{L}\p{N}])\d{9}(?![\p{L}\p{N}])/gu;
const LETTERS_DIGITS = /(?<![\p{L}\p{N}])[A-Za-z]{2}\d{7}(?![\p{L}\p{N}])/gu;

const CONTEXT = contextMatcher(
  [
    'passport',
    'passport number',
    'passport no',
    'HM Passport Office',
    'travel document',
    'pasbort',
    'rhif pasbort',
  ],
  [],
);

/** Where each pattern can start: at a run of exactly nine digits, or two letters before seven. */
function nineDigitStarts(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, end, out) => {
    if (end - start === 9) out.push(start);
  });
}
function lettersDigitsStarts(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, end, out) => {
    if (end - start === 7) out.push(start - 2);
  });
}

/** UK passport number. */
export const ukPassportDetector: Detector = {
  id: 'uk-passport',
  type: 'UK_PASSPORT',
  patterns: [
    {
      name: 'passport-9-digits',
      regex: NINE_DIGITS,
      standard: 'HMPO 9-digit passport number (ICAO Doc 9303)',
      starts: nineDigitStarts,
    },
    {
      name: 'passport-2-letters-7-digits',
      regex: LETTERS_DIGITS,
      standard: 'two letters + seven digits',
      starts: lettersDigitsStarts,
    },
  ],
  contextWords: ['passport', 'passport number', 'pasbort'],
  validate(value) {
    // Repeated digits are form placeholders.
    return !/^(?:[A-Za-z]{2})?(\d)\1+$/.test(value);
  },
  detect(text) {
    const out: Detection[] = [];
    for (const pattern of this.patterns) {
      for (const m of patternMatches(pattern, text)) {
        if (!this.validate(m[0], pattern.name)) continue;
        const start = m.index;
        const end = start + m[0].length;
        const context = CONTEXT.find(text, start, end);
        if (pattern.name === 'passport-9-digits' && context === undefined) continue;
        const base = pattern.name === 'passport-9-digits' ? 0.45 : /^[A-Z]{2}/.test(m[0]) ? 0.3 : 0.2;
        out.push(
          finding(this, text, {
            start,
            end,
            confidence: composeConfidence(base, context, 0.5),
            pattern: pattern.name,
            validation: 'not-applicable',
            context,
          }),
        );
      }
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
