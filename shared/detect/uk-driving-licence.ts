import type { Detection } from './detection.ts';
import {
  compact,
  composeConfidence,
  contextMatcher,
  type Detector,
  finding,
  isRealDate,
} from './detector.ts';
import { fromDigitRuns, indexText, isLetterAscii, scanAt, unitAt } from './text-index.ts';

/**
 * DVLA driver number (16 characters): surname's first five letters padded with 9s; decade digit
 * of birth year; birth month (+50 for women); birth day; year digit; two initials (9 if none);
 * an arbitrary digit (usually 9); two check characters. Printed unbroken or in three blocks.
 */
const LICENCE =
  /(?<![\p{L}\p{N}])([A-Za-z9]{5}) ?(\d)([0156]\d)([0-3]\d)(\d) ?([A-Za-z][A-Za-z9])(\d)([A-Za-z0-9]{2})(?![\p{L}\p{N}])/gu;

const CONTEXT = contextMatcher(
  [
    'driving licence',
    'driving license',
    'licence number',
    'licence no',
    'driver number',
    'trwydded yrru',
    'licence',
  ],
  ['DVLA'],
);

/**
 * Where a driver number can start: its six birth-date digits are followed by a space or a
 * letter, so they end a digit run, and the number starts 11 characters before that end
 * (12 with a space after the surname block).
 */
function candidates(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, end, out) => {
    const after = unitAt(text, end);
    if (end - start >= 6 && (after === 0x20 || isLetterAscii(after))) out.push(end - 12, end - 11);
  });
}

/** True when the embedded surname block and birth date of a driver number are well formed. */
export function validDriverNumber(value: string): boolean {
  const v = compact(value);
  if (v.length !== 16) return false;
  const surname = v.slice(0, 5);
  // Letters, then only padding 9s: "FO999" yes, "MO9G9" and "99999" no.
  if (!/^[A-Z]{1,5}9{0,4}$/.test(surname) || surname.length !== 5) return false;
  const decade = Number(v[5]);
  let month = Number(v.slice(6, 8));
  if (month > 50) month -= 50;
  const day = Number(v.slice(8, 10));
  const yearDigit = Number(v[10]);
  // The century is not encoded; a 29 February only needs one leap century to be real.
  const year = decade * 10 + yearDigit;
  return isRealDate(1900 + year, month, day) || isRealDate(2000 + year, month, day);
}

/** UK (DVLA) driving licence number. */
export const ukDrivingLicenceDetector: Detector = {
  id: 'uk-driving-licence',
  type: 'UK_DRIVING_LICENCE',
  patterns: [
    {
      name: 'dvla-driver-number',
      regex: LICENCE,
      standard: 'DVLA driver number (16 characters)',
      starts: candidates,
    },
  ],
  contextWords: ['driving licence', 'licence number', 'DVLA', 'trwydded yrru'],
  validate(value) {
    return validDriverNumber(value);
  },
  detect(text) {
    const out: Detection[] = [];
    for (const m of scanAt(LICENCE, text, candidates(text))) {
      if (!this.validate(m[0], 'dvla-driver-number')) continue;
      const start = m.index;
      const end = start + m[0].length;
      const context = CONTEXT.find(text, start, end);
      // Sixteen characters with a valid embedded birth date are distinctive in upper case.
      const base = m[0] === m[0].toUpperCase() ? 0.6 : 0.4;
      out.push(
        finding(this, text, {
          start,
          end,
          confidence: composeConfidence(base, context),
          pattern: 'dvla-driver-number',
          validation: 'passed',
          context,
        }),
      );
    }
    return out;
  },
};
