import type { Detection } from './detection.ts';
import {
  composeConfidence,
  contextMatcher,
  type Detector,
  finding,
  NOT_AFTER_WORD,
  NOT_BEFORE_WORD,
} from './detector.ts';
import { fromDigitRuns, indexText, isLetterAscii, scanAt, unitAt } from './text-index.ts';

/**
 * HMRC National Insurance Manual NIM39110: two prefix letters, six digits, suffix A–D.
 * The first letter is never D F I Q U V; the second never D F I O Q U V; the prefixes
 * BG GB KN NK NT TN ZZ are not allocated. Spaces are allowed between the pairs, as printed.
 */
const WITH_SUFFIX = new RegExp(
  `${NOT_AFTER_WORD}([A-Za-z]{2}) ?(\\d{2}) ?(\\d{2}) ?(\\d{2}) ?([A-Da-d])${NOT_BEFORE_WORD}`,
  'gu',
);
/**
 * HMRC systems hold some numbers without a suffix (the suffix is not part of the unique number,
 * NIM39110), so a suffix-less number is accepted, but only next to a NINO context word.
 */
const WITHOUT_SUFFIX = new RegExp(
  `${NOT_AFTER_WORD}([A-Za-z]{2}) ?(\\d{2}) ?(\\d{2}) ?(\\d{2})(?! ?[\\p{L}\\p{N}])`,
  'gu',
);

const EXCLUDED_PREFIXES = new Set(['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ']);
const CONTEXT = contextMatcher(
  [
    'national insurance',
    'national insurance number',
    'national insurance no',
    'NI number',
    'NI no',
    'NINo',
    'rhif yswiriant gwladol',
    'yswiriant gwladol',
  ],
  ['NI', 'NINO'],
);

/**
 * Both patterns start two letters (and an optional space) before a run of digits, and that run
 * is the first pair, two pairs or all three (whatever follows the last pair is no digit).
 */
function candidates(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, end, out) => {
    const length = end - start;
    if (length !== 2 && length !== 4 && length !== 6) return;
    const before = unitAt(text, start - 1);
    if (before === 0x20 && isLetterAscii(unitAt(text, start - 2)) && isLetterAscii(unitAt(text, start - 3)))
      out.push(start - 3);
    else if (isLetterAscii(before) && isLetterAscii(unitAt(text, start - 2))) out.push(start - 2);
  });
}

/** True when the two prefix letters are allowed by NIM39110. */
export function isValidNinoPrefix(prefix: string): boolean {
  const p = prefix.toUpperCase();
  if (!/^[A-Z]{2}$/.test(p)) return false;
  if ('DFIQUV'.includes(p[0]!)) return false;
  if ('DFIOQUV'.includes(p[1]!)) return false;
  return !EXCLUDED_PREFIXES.has(p);
}

/** UK National Insurance number. */
export const ukNinoDetector: Detector = {
  id: 'uk-nino',
  type: 'UK_NINO',
  patterns: [
    { name: 'nino-with-suffix', regex: WITH_SUFFIX, standard: 'HMRC NIM39110', starts: candidates },
    {
      name: 'nino-without-suffix',
      regex: WITHOUT_SUFFIX,
      standard: 'HMRC NIM39110 (suffix not part of the number)',
      starts: candidates,
    },
  ],
  contextWords: ['national insurance number', 'NI number', 'NINO', 'rhif yswiriant gwladol'],
  validate(value) {
    return isValidNinoPrefix(value.replace(/\s/g, '').slice(0, 2));
  },
  detect(text) {
    const out: Detection[] = [];
    const starts = candidates(text);
    for (const m of scanAt(WITH_SUFFIX, text, starts)) {
      if (!this.validate(m[0], 'nino-with-suffix')) continue;
      const context = CONTEXT.find(text, m.index, m.index + m[0].length);
      // Lower case is how people type, but also how unrelated codes look; context restores it.
      const base = m[1] === m[1]!.toUpperCase() ? 0.6 : 0.45;
      const confidence = composeConfidence(base, context);
      out.push(
        finding(this, text, {
          start: m.index,
          end: m.index + m[0].length,
          confidence,
          pattern: 'nino-with-suffix',
          validation: 'passed',
          context,
        }),
      );
    }
    for (const m of scanAt(WITHOUT_SUFFIX, text, starts)) {
      if (!this.validate(m[0], 'nino-without-suffix')) continue;
      const context = CONTEXT.find(text, m.index, m.index + m[0].length);
      if (context === undefined) continue;
      out.push(
        finding(this, text, {
          start: m.index,
          end: m.index + m[0].length,
          confidence: composeConfidence(0.35, context),
          pattern: 'nino-without-suffix',
          validation: 'passed',
          context,
        }),
      );
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
