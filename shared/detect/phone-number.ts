import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Detection } from './detection.ts';
import { composeConfidence, contextMatcher, type Detector, finding } from './detector.ts';
import { cursorAt, fromDigitRuns, indexText, isLetterAscii, unitAt } from './text-index.ts';

/**
 * A run that could be a phone number: an optional `+` or `(`, then 8–24 digits, spaces, dots,
 * dashes and brackets, ending in a digit. One bounded character class, so no backtracking blow-up;
 * libphonenumber (ITU-T E.164 and Ofcom's UK numbering plan metadata) decides what is real.
 */
const CANDIDATE = /(?<![\p{L}\p{N}+/.-])[+(]?\d[\d ().-]{6,22}\d(?![\p{L}\p{N}])/gu;
/** North American national format, the only non-UK national format considered (weakly). */
const NANP_SHAPE = /^(?:\(\d{3}\) ?|\d{3}[-.])\d{3}[-.]\d{4}$/;
const UK_CALLING_CODE = '44';
/** `+ / . -`, which the candidate pattern may not follow. */
const NOT_BEFORE_CANDIDATE = new Set([0x2b, 0x2f, 0x2e, 0x2d]);
const MAX_TOKENS = 8;

const CONTEXT = contextMatcher(
  [
    'phone',
    'telephone',
    'tel',
    'mobile',
    'mob',
    'landline',
    'call',
    'call me',
    'ring',
    'text',
    'contact number',
    'phone number',
    'ffôn',
    'rhif ffôn',
    'ffôn symudol',
    'symudol',
    'ffonio',
  ],
  ['SMS', 'M', 'T'],
);

export type PhoneKind = 'mobile' | 'landline' | 'other';

interface Parsed {
  readonly kind: PhoneKind;
  readonly uk: boolean;
  readonly pattern: string;
}

function kindOf(type: string | undefined): PhoneKind {
  if (type === 'MOBILE') return 'mobile';
  if (type === 'FIXED_LINE') return 'landline';
  return 'other';
}

/**
 * Parsed candidates, bounded. libphonenumber is the detector's main cost and the same numbers
 * recur (helplines in signatures, a contact repeated down a thread); parsing is deterministic.
 */
const parsedCache = new Map<string, Parsed | null>();
const PARSED_CACHE_SIZE = 4096;

function parse(candidate: string): Parsed | undefined {
  const cached = parsedCache.get(candidate);
  if (cached !== undefined) return cached ?? undefined;
  const parsed = parseUncached(candidate);
  if (parsedCache.size >= PARSED_CACHE_SIZE) parsedCache.clear();
  parsedCache.set(candidate, parsed ?? null);
  return parsed;
}

/** Parses a whole candidate as one phone number: UK national, any `+` international, or NANP-shaped. */
function parseUncached(candidate: string): Parsed | undefined {
  const digits = candidate.replace(/\D/g, '');
  if (digits.length < 7 || digits.length > 15) return undefined;
  const international = candidate.startsWith('+');
  // Cheap shape check before libphonenumber (the detector's main cost): a UK national number
  // has a trunk 0 and 9–11 digits; anything else without `+` can only be NANP-shaped.
  const ukNationalShape = digits.startsWith('0') && digits.length <= 11 && digits.length >= 9;
  if (!international && !ukNationalShape && !NANP_SHAPE.test(candidate)) return undefined;
  const uk = parsePhoneNumberFromString(candidate, { defaultCountry: 'GB', extract: false });
  if (uk?.isValid()) {
    const isUk = uk.countryCallingCode === UK_CALLING_CODE;
    if (!isUk && !international) return undefined;
    return {
      kind: kindOf(uk.getType()),
      uk: isUk,
      pattern: isUk ? (international ? 'uk-international' : 'uk-national') : 'international',
    };
  }
  if (!international && NANP_SHAPE.test(candidate)) {
    const us = parsePhoneNumberFromString(candidate, { defaultCountry: 'US', extract: false });
    if (us?.isValid()) return { kind: kindOf(us.getType()), uk: false, pattern: 'north-american-national' };
  }
  return undefined;
}

function baseConfidence(parsed: Parsed, value: string): number {
  if (parsed.pattern === 'north-american-national') return 0.3;
  if (!parsed.uk) return 0.55;
  // Freephone, shared-cost and non-geographic numbers belong to organisations, not people.
  if (parsed.kind === 'other') return 0.4;
  // An unbroken run of digits is as often a reference number as a phone number.
  return /[\s().-]/.test(value) || value.startsWith('+') ? 0.6 : 0.5;
}

/**
 * A candidate starts at its first digit, which starts a digit run, or at a `+` or `(` before it;
 * never after an ASCII letter or `+ / . -` (the pattern's own look-behind).
 */
function candidateStarts(text: string): number[] {
  return fromDigitRuns(indexText(text), (start, _end, out) => {
    const before = unitAt(text, start - 1);
    if (before === 0x2b || before === 0x28) {
      const first = unitAt(text, start - 2);
      if (!NOT_BEFORE_CANDIDATE.has(first) && !isLetterAscii(first)) out.push(start - 1);
    }
    if (!NOT_BEFORE_CANDIDATE.has(before) && !isLetterAscii(before)) out.push(start);
  });
}

/**
 * Whitespace-separated tokens of a candidate, with offsets relative to it. A candidate's only
 * whitespace is the space (see CANDIDATE), so it is split on spaces.
 */
function tokens(candidate: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  let start = 0;
  while (start < candidate.length && out.length < MAX_TOKENS) {
    if (candidate[start] === ' ') {
      start += 1;
      continue;
    }
    const space = candidate.indexOf(' ', start);
    const end = space < 0 ? candidate.length : space;
    out.push({ start, end });
    start = end;
  }
  return out;
}

/** UK mobile and landline numbers (and `+` international numbers), with `phoneKind`. */
export const phoneNumberDetector: Detector = {
  id: 'phone-number',
  type: 'PHONE_NUMBER',
  patterns: [
    {
      name: 'uk-national',
      regex: CANDIDATE,
      standard: 'Ofcom UK numbering plan (libphonenumber metadata)',
      starts: candidateStarts,
    },
    { name: 'uk-international', regex: CANDIDATE, standard: 'ITU-T E.164, +44', starts: candidateStarts },
    {
      name: 'international',
      regex: CANDIDATE,
      standard: 'ITU-T E.164 with + prefix',
      starts: candidateStarts,
    },
    {
      name: 'north-american-national',
      regex: CANDIDATE,
      standard: 'NANP (xxx) xxx-xxxx, below threshold',
      starts: candidateStarts,
    },
  ],
  contextWords: ['phone', 'telephone', 'mobile', 'call', 'ffôn', 'symudol'],
  validate(value) {
    return parse(value) !== undefined;
  },
  detect(text) {
    const out: Detection[] = [];
    const regex = cursorAt(CANDIDATE, text, candidateStarts(text));
    for (let m = regex.exec(); m !== null; m = regex.exec()) {
      const candidate = m[0];
      const toks = tokens(candidate);
      let found: { start: number; end: number; parsed: Parsed } | undefined;
      // Longest run of whole tokens first: a number may sit between other figures.
      for (let size = toks.length; size >= 1 && !found; size -= 1) {
        for (let first = 0; first + size <= toks.length && !found; first += 1) {
          const s = toks[first]!.start;
          const e = toks[first + size - 1]!.end;
          const value = candidate.slice(s, e).replace(/[.\-(]+$/, '');
          if (!/^[+(]?\d/.test(value) || !/\d$/.test(value)) continue;
          const parsed = parse(value);
          if (parsed) found = { start: m.index + s, end: m.index + s + value.length, parsed };
        }
      }
      if (!found) continue;
      regex.lastIndex = found.end;
      const value = text.slice(found.start, found.end);
      const context = CONTEXT.find(text, found.start, found.end);
      out.push(
        finding(this, text, {
          start: found.start,
          end: found.end,
          confidence: composeConfidence(baseConfidence(found.parsed, value), context, 0.3),
          pattern: found.parsed.pattern,
          validation: 'passed',
          context,
          attributes: { phoneKind: found.parsed.kind },
        }),
      );
    }
    return out;
  },
};
