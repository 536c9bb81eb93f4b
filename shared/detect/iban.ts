import { getCountrySpecifications, isValidIBAN } from 'ibantools';
import type { Detection } from './detection.ts';
import { compact, composeConfidence, contextMatcher, type Detector, finding } from './detector.ts';
import { cursorAt, fromDigitRuns, indexText, isUpperAscii, unitAt } from './text-index.ts';

/**
 * ISO 13616 IBAN: country code, two check digits, then the country's BBAN, in electronic form or
 * printed in groups of four separated by single spaces or dashes. Upper case only, as ISO 13616
 * prints it: lower-case runs are far more often other codes (the same choice as Presidio).
 * The regex only proposes a start; the exact length comes from the country's registry entry.
 */
const CANDIDATE = /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ -]?[A-Z0-9]){8,32}/g;
const SPECS = getCountrySpecifications();
const CONTEXT = contextMatcher(
  ['IBAN', 'international bank account number', 'BIC', 'SWIFT', 'rhif IBAN'],
  [],
);

/** The two check digits after the country code start a digit run. */
function candidateStarts(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, _end, out) => {
    if (isUpperAscii(unitAt(text, start - 1)) && isUpperAscii(unitAt(text, start - 2))) out.push(start - 2);
  });
}

/** Cuts a candidate at its country's IBAN length, returning the printed length, or undefined. */
function printedLength(candidate: string): number | undefined {
  const length = SPECS[candidate.slice(0, 2)]?.chars;
  if (!length) return undefined;
  let seen = 0;
  const separator = /[ -]/.exec(candidate.slice(4, 6))?.[0];
  for (let i = 0; i < candidate.length; i += 1) {
    const ch = candidate[i]!;
    if (ch === ' ' || ch === '-') {
      // One separator style throughout, as printed.
      if (separator === undefined || ch !== separator) return undefined;
      continue;
    }
    seen += 1;
    if (seen === length) return i + 1;
  }
  return undefined;
}

/** International Bank Account Number. */
export const ibanDetector: Detector = {
  id: 'iban',
  type: 'IBAN',
  patterns: [
    {
      name: 'iban',
      regex: CANDIDATE,
      standard: 'ISO 13616-1 (mod-97, per-country length and BBAN format)',
      starts: candidateStarts,
    },
  ],
  contextWords: ['IBAN', 'international bank account number', 'BIC', 'SWIFT'],
  validate(value) {
    return isValidIBAN(compact(value));
  },
  detect(text) {
    const out: Detection[] = [];
    const regex = cursorAt(CANDIDATE, text, candidateStarts(text));
    for (let m = regex.exec(); m !== null; m = regex.exec()) {
      const start = m.index;
      const length = printedLength(m[0]);
      const end = start + (length ?? 0);
      // The IBAN must end at a token boundary; a further group after a space is another token.
      if (
        length === undefined ||
        /[A-Za-z0-9]/.test(text[end] ?? '') ||
        !this.validate(text.slice(start, end), 'iban')
      ) {
        // A failed candidate may have swallowed the start of a real IBAN printed after it.
        regex.lastIndex = start + 1;
        continue;
      }
      regex.lastIndex = end;
      const context = CONTEXT.find(text, start, end);
      out.push(
        finding(this, text, {
          start,
          end,
          confidence: composeConfidence(0.85, context, 0.15),
          pattern: 'iban',
          validation: 'passed',
          context,
        }),
      );
    }
    return out;
  },
};
