import type { Detection } from './detection.ts';
import {
  composeConfidence,
  contextMatcher,
  type Detector,
  finding,
  patternMatches,
  type StartsFn,
} from './detector.ts';
import { fromDigitRuns, indexText, isUpperAscii, unitAt } from './text-index.ts';

/**
 * UK postcode in all the official formats (Royal Mail Programmers' Guide / BS 7666):
 * outward A9, A99, A9A, AA9, AA99, AA9A; inward 9AA. First letter not Q V X; second letter not
 * I J Z; third-position letter (A9A) from ABCDEFGHJKPSTUW; fourth-position letter (AA9A) from
 * ABEHMNPRVWXY; inward letters never C I K M O V. Plus the special GIR 0AA. Upper case, as printed.
 */
const POSTCODE =
  /(?<![A-Za-z0-9])(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW]|\d{1,2}|[A-HK-Y]\d[ABEHMNPRVWXY]|[A-HK-Y]\d{1,2}) ?\d[ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])/g;
/** British Forces Post Office numbers, which stand in for a postcode (optional, always with context). */
const BFPO = /(?<![A-Za-z0-9])BFPO ?\d{1,4}(?![A-Za-z0-9])/g;

const CONTEXT = contextMatcher(
  [
    'address',
    'home address',
    'postal address',
    'lives at',
    'living at',
    'resides at',
    'moved to',
    'postcode',
    'post code',
    'road',
    'rd',
    'street',
    'st',
    'avenue',
    'ave',
    'lane',
    'close',
    'drive',
    'way',
    'court',
    'crescent',
    'place',
    'terrace',
    'gardens',
    'grove',
    'square',
    'flat',
    'house',
    'cottage',
    'estate',
    'cyfeiriad',
    'cod post',
    'heol',
    'stryd',
    'ffordd',
    'lôn',
    'rhodfa',
    'fflat',
    'tŷ',
  ],
  [],
);

const SPACE = 0x20;

/**
 * Where each pattern can start, from the digit run it contains: a postcode one or two capital
 * letters before its first digit (`GIR` three or four before `0AA`); `BFPO` four or five before
 * its number.
 */
const POSTCODE_STARTS: StartsFn = (text) =>
  fromDigitRuns(indexText(text), (start, _end, out) => {
    const before = unitAt(text, start - 1);
    if (before === SPACE && text.startsWith('GIR', start - 4)) out.push(start - 4);
    if (!isUpperAscii(before)) return;
    if (text.startsWith('GIR', start - 3)) out.push(start - 3);
    if (isUpperAscii(unitAt(text, start - 2))) out.push(start - 2);
    out.push(start - 1);
  });
const BFPO_STARTS: StartsFn = (text) =>
  fromDigitRuns(indexText(text), (start, _end, out) => {
    if (text.startsWith('BFPO ', start - 5)) out.push(start - 5);
    if (text.startsWith('BFPO', start - 4)) out.push(start - 4);
  });

/** UK postal address, anchored on its postcode. */
export const postalAddressDetector: Detector = {
  id: 'postal-address',
  type: 'POSTAL_ADDRESS',
  patterns: [
    {
      name: 'uk-postcode',
      regex: POSTCODE,
      standard: 'Royal Mail PAF postcode format (BS 7666)',
      starts: POSTCODE_STARTS,
    },
    { name: 'bfpo', regex: BFPO, standard: 'British Forces Post Office number', starts: BFPO_STARTS },
  ],
  contextWords: ['address', 'lives at', 'Road', 'Street', 'Flat', 'cyfeiriad', 'Heol', 'Stryd'],
  validate() {
    return true;
  },
  detect(text) {
    const out: Detection[] = [];
    for (const pattern of this.patterns) {
      for (const m of patternMatches(pattern, text)) {
        const start = m.index;
        const end = start + m[0].length;
        // An address is written on a few lines before its postcode; look further back than usual.
        const context = CONTEXT.find(text, start, end, { before: 100, after: 10 });
        if (pattern.name === 'bfpo' && context === undefined) continue;
        // A postcode alone locates a street, not a person: it needs address words to be reported.
        out.push(
          finding(this, text, {
            start,
            end,
            confidence: composeConfidence(0.3, context, 0.45),
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
