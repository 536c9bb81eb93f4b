import type { Detection } from './detection.ts';
import { composeConfidence, contextMatcher, type Detector, digitsOf, finding } from './detector.ts';
import { fromDigitRuns, indexText, isOneOf, scanAt, unitAt } from './text-index.ts';

/** NHS Data Dictionary "NHS NUMBER": 10 digits, printed 3-3-4 with spaces or dashes, or unbroken. */
const NHS = /(?<![\d-])\d{3}([ -]?)\d{3}\1\d{4}(?!\d|-\d)/g;

const CONTEXT = contextMatcher(
  ['NHS number', 'NHS no', 'NHS num', 'rhif GIG', 'rhif y GIG', 'GIG', 'CHI number'],
  ['NHS'],
);

/**
 * An NHS number starts a digit run, not after a dash, of three digits followed by a space or
 * dash (printed 3-3-4) or of ten (unbroken).
 */
function candidates(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, end, out) => {
    if (unitAt(text, start - 1) === 0x2d) return;
    if (end - start === 10 || (end - start === 3 && isOneOf(unitAt(text, end), ' -'))) out.push(start);
  });
}

/** NHS mod 11 check (NHS Data Dictionary): weights 10..2, check digit 11 − (sum mod 11); 10 is invalid. */
export function nhsCheckDigitValid(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  let check = 11 - (sum % 11);
  if (check === 11) check = 0;
  return check !== 10 && check === Number(digits[9]);
}

/** NHS number (England, Wales and Isle of Man). */
export const nhsNumberDetector: Detector = {
  id: 'nhs-number',
  type: 'NHS_NUMBER',
  patterns: [
    {
      name: 'nhs-number',
      regex: NHS,
      standard: 'NHS Data Dictionary, mod 11 check digit',
      starts: candidates,
    },
  ],
  contextWords: ['NHS number', 'NHS no', 'rhif GIG'],
  validate(value) {
    const digits = digitsOf(value);
    // A repeated digit passes mod 11 but is a placeholder.
    return nhsCheckDigitValid(digits) && !/^(\d)\1{9}$/.test(digits);
  },
  detect(text) {
    const out: Detection[] = [];
    for (const m of scanAt(NHS, text, candidates(text))) {
      if (!this.validate(m[0], 'nhs-number')) continue;
      const start = m.index;
      const end = start + m[0].length;
      const context = CONTEXT.find(text, start, end);
      // One random 10-digit number in eleven passes mod 11, so the checksum alone stays below
      // the default threshold; "NHS number" next to it makes it near certain.
      out.push(
        finding(this, text, {
          start,
          end,
          confidence: composeConfidence(0.4, context, 0.55),
          pattern: 'nhs-number',
          validation: 'passed',
          context,
        }),
      );
    }
    return out;
  },
};
