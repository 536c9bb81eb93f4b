import type { Detection } from './detection.ts';
import {
  composeConfidence,
  contextMatcher,
  type Detector,
  digitsOf,
  finding,
  patternMatches,
  type StartsFn,
} from './detector.ts';
import { fromDigitRuns, indexText, isDigitAscii, isOneOf, unitAt } from './text-index.ts';

/**
 * ISO/IEC 7812 primary account numbers: 13–19 digits, written contiguously or in the printed
 * groups (4-4-4-4[-3], 4-6-5 for Amex, 4-6-4 for Diners) with one kind of separator.
 * A digit or a dash-joined digit on either side means the run is part of a longer number.
 */
const EDGE_BEFORE = '(?<!\\d)(?<!\\d-)';
const EDGE_AFTER = '(?!\\d)(?!-\\d)';
const CONTIGUOUS = new RegExp(`${EDGE_BEFORE}\\d{13,19}${EDGE_AFTER}`, 'g');
const GROUPED_4 = new RegExp(
  `${EDGE_BEFORE}\\d{4}([ -])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{3})?${EDGE_AFTER}`,
  'g',
);
const GROUPED_465 = new RegExp(`${EDGE_BEFORE}\\d{4}([ -])\\d{6}\\1\\d{4,5}${EDGE_AFTER}`, 'g');

const CONTEXT = contextMatcher(
  [
    'card',
    'card number',
    'card no',
    'long number',
    'expiry',
    'expiry date',
    'expires',
    'CVV',
    'CVC',
    'security code',
    'debit card',
    'credit card',
    'visa',
    'mastercard',
    'amex',
    'cerdyn',
    'rhif cerdyn',
    'cerdyn debyd',
    'cerdyn credyd',
  ],
  [],
);

/**
 * Where each pattern can start: a card number starts a digit run, of 13–19 digits when
 * unbroken and of exactly four followed by a space or dash when printed in groups.
 */
function unbroken(_text: string, start: number, end: number): boolean {
  return end - start >= 13 && end - start <= 19;
}
function grouped(text: string, start: number, end: number): boolean {
  return end - start === 4 && isOneOf(unitAt(text, end), ' -');
}
function runStarts(fits: (text: string, start: number, end: number) => boolean): StartsFn {
  return (text) =>
    fromDigitRuns(indexText(text), (start, end, out) => {
      // EDGE_BEFORE: not joined by a dash to digits before.
      const joined = unitAt(text, start - 1) === 0x2d && isDigitAscii(unitAt(text, start - 2));
      if (!joined && fits(text, start, end)) out.push(start);
    });
}

/** ISO/IEC 7812-1 Annex B (Luhn) check. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

interface IssuerRange {
  readonly issuer: string;
  readonly from: number;
  readonly to: number;
  /** Number of leading digits compared against from..to. */
  readonly prefixLength: number;
  readonly lengths: readonly number[];
}

/** Issuer identification ranges as published by the schemes (IIN prefixes and PAN lengths). */
const ISSUERS: readonly IssuerRange[] = [
  { issuer: 'visa', from: 4, to: 4, prefixLength: 1, lengths: [13, 16, 19] },
  { issuer: 'mastercard', from: 51, to: 55, prefixLength: 2, lengths: [16] },
  { issuer: 'mastercard', from: 2221, to: 2720, prefixLength: 4, lengths: [16] },
  { issuer: 'amex', from: 34, to: 34, prefixLength: 2, lengths: [15] },
  { issuer: 'amex', from: 37, to: 37, prefixLength: 2, lengths: [15] },
  { issuer: 'discover', from: 6011, to: 6011, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { issuer: 'discover', from: 644, to: 649, prefixLength: 3, lengths: [16, 17, 18, 19] },
  { issuer: 'discover', from: 65, to: 65, prefixLength: 2, lengths: [16, 17, 18, 19] },
  { issuer: 'unionpay', from: 62, to: 62, prefixLength: 2, lengths: [16, 17, 18, 19] },
  { issuer: 'jcb', from: 3528, to: 3589, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { issuer: 'diners', from: 300, to: 305, prefixLength: 3, lengths: [14, 15, 16, 17, 18, 19] },
  { issuer: 'diners', from: 36, to: 36, prefixLength: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { issuer: 'diners', from: 38, to: 39, prefixLength: 2, lengths: [14, 15, 16, 17, 18, 19] },
  { issuer: 'maestro', from: 50, to: 50, prefixLength: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { issuer: 'maestro', from: 56, to: 69, prefixLength: 2, lengths: [12, 13, 14, 15, 16, 17, 18, 19] },
  { issuer: 'mir', from: 2200, to: 2204, prefixLength: 4, lengths: [16, 17, 18, 19] },
  { issuer: 'uatp', from: 1, to: 1, prefixLength: 1, lengths: [15] },
];

/** The issuer whose IIN range and length fit `digits`, if any. */
export function issuerOf(digits: string): string | undefined {
  for (const range of ISSUERS) {
    const prefix = Number(digits.slice(0, range.prefixLength));
    if (prefix >= range.from && prefix <= range.to && range.lengths.includes(digits.length))
      return range.issuer;
  }
  return undefined;
}

/** Payment card number (PAN). */
export const paymentCardDetector: Detector = {
  id: 'payment-card',
  type: 'PAYMENT_CARD',
  patterns: [
    {
      name: 'pan-contiguous',
      regex: CONTIGUOUS,
      standard: 'ISO/IEC 7812-1 (IIN ranges, Luhn)',
      starts: runStarts(unbroken),
    },
    {
      name: 'pan-grouped-4',
      regex: GROUPED_4,
      standard: 'ISO/IEC 7812-1, printed 4-digit groups',
      starts: runStarts(grouped),
    },
    {
      name: 'pan-grouped-4-6-5',
      regex: GROUPED_465,
      standard: 'ISO/IEC 7812-1, Amex/Diners 4-6-5 and 4-6-4 groups',
      starts: runStarts(grouped),
    },
  ],
  contextWords: ['card number', 'long number', 'expiry', 'CVV', 'security code', 'cerdyn'],
  validate(value) {
    const digits = digitsOf(value);
    if (digits.length < 13 || digits.length > 19) return false;
    // One repeated digit passes Luhn for some lengths but is filler, not a card.
    if (/^(\d)\1+$/.test(digits)) return false;
    return luhnValid(digits) && issuerOf(digits) !== undefined;
  },
  detect(text) {
    const out: Detection[] = [];
    for (const pattern of this.patterns) {
      for (const m of patternMatches(pattern, text)) {
        if (!this.validate(m[0], pattern.name)) continue;
        const start = m.index;
        const end = start + m[0].length;
        const context = CONTEXT.find(text, start, end, { before: 60, after: 60 });
        // Luhn passes one random number in ten; the issuer range and the printed grouping narrow
        // that, and context (card, expiry, CVV) makes it near certain.
        const base = pattern.name === 'pan-contiguous' ? 0.55 : 0.6;
        out.push(
          finding(this, text, {
            start,
            end,
            confidence: composeConfidence(base, context),
            pattern: pattern.name,
            validation: 'passed',
            context,
            attributes: { issuer: issuerOf(digitsOf(m[0])) ?? 'unknown' },
          }),
        );
      }
    }
    return out.sort((a, b) => a.start - b.start);
  },
};
