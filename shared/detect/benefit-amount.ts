import type { Detection } from './detection.ts';
import { contextMatcher, type Detector, finding } from './detector.ts';
import { fromDigitRuns, indexText, isLetterAscii, isOneOf, scanAt, unitAt } from './text-index.ts';

/**
 * A sterling amount as written in UK correspondence: `£1,234.56`, `£85`, `£85.90 a week`,
 * `GBP 120`, `120 pounds`. Thousands groups and pence are bounded.
 */
const AMOUNT =
  /(?:(?<![\p{L}\p{N}])(?:£|GBP ?)(?:\d{1,3}(?:,\d{3}){1,3}|\d{1,7})(?:\.\d{2})?|(?<![\p{L}\p{N}£.,])(?:\d{1,3}(?:,\d{3}){1,3}|\d{1,7})(?:\.\d{2})? ?(?:pounds|GBP|punt))(?![\p{N}]|[.,]\d)/giu;

const GBP = /gbp/gi;

/** Where an amount can start: at `£`, at `GBP` (any case), or at the digit run of its number. */
function candidates(text: string): number[] {
  const out = fromDigitRuns(indexText(text), (start, _end, starts) => {
    // The number alone is never straight after a letter, `.` or `,` (nor `£`, whose own start is taken below).
    const before = unitAt(text, start - 1);
    if (!isLetterAscii(before) && !isOneOf(before, '.,')) starts.push(start);
  });
  for (let at = text.indexOf('£'); at >= 0; at = text.indexOf('£', at + 1)) out.push(at);
  GBP.lastIndex = 0;
  for (let m = GBP.exec(text); m !== null; m = GBP.exec(text)) out.push(m.index);
  return out;
}

/** DWP and local-authority benefits, in English and Welsh, and the words of their payments. */
const BENEFITS = contextMatcher(
  [
    'universal credit',
    'personal independence payment',
    'employment and support allowance',
    "jobseeker's allowance",
    'pension credit',
    'state pension',
    'child benefit',
    "carer's allowance",
    'attendance allowance',
    'disability living allowance',
    'housing benefit',
    'council tax reduction',
    'council tax support',
    'income support',
    'working tax credit',
    'child tax credit',
    'tax credits',
    'bereavement support payment',
    'child maintenance',
    'maintenance payment',
    'deduction',
    'deductions',
    'overpayment',
    'advance payment',
    'budgeting advance',
    'sanction',
    'credyd cynhwysol',
    'taliad annibyniaeth personol',
    'lwfans gofalwr',
    'budd-dal plant',
    'budd-dal tai',
    'credyd pensiwn',
    'pensiwn y wladwriaeth',
    'lwfans gweini',
    'budd-dal',
    'budd-daliadau',
  ],
  ['UC', 'PIP', 'ESA', 'JSA', 'DLA'],
);

/** How far either side of an amount its benefit may be named; stops at a sentence end. */
const WINDOW = { before: 80, after: 60 } as const;

/** The part of the window inside the amount's sentence, so a benefit in the next sentence is not used. */
function sentenceBounds(text: string, start: number, end: number): { from: number; to: number } {
  let from = Math.max(0, start - WINDOW.before);
  const before = text.slice(from, start);
  const lastStop = Math.max(before.lastIndexOf('. '), before.lastIndexOf('\n\n'), before.lastIndexOf('? '));
  if (lastStop >= 0) from += lastStop + 1;
  let to = Math.min(text.length, end + WINDOW.after);
  const after = text.slice(end, to);
  const stops = [after.indexOf('. '), after.indexOf('\n\n'), after.indexOf('? ')].filter((i) => i >= 0);
  if (stops.length > 0) to = end + Math.min(...stops);
  return { from, to };
}

/** A money amount tied to a benefit named in the same sentence. */
export const benefitAmountDetector: Detector = {
  id: 'benefit-amount',
  type: 'BENEFIT_AMOUNT',
  patterns: [
    {
      name: 'sterling-amount-with-benefit',
      regex: AMOUNT,
      standard: 'Sterling amount (£, GBP, pounds)',
      starts: candidates,
    },
  ],
  contextWords: [
    'Universal Credit',
    'UC',
    'PIP',
    'ESA',
    'JSA',
    'Pension Credit',
    'Child Benefit',
    'Credyd Cynhwysol',
  ],
  validate(value) {
    return /\d/.test(value);
  },
  detect(text) {
    const out: Detection[] = [];
    // Every amount reported names its benefit, so a text naming none is not searched for amounts.
    if (!BENEFITS.occursIn(text)) return out;
    for (const m of scanAt(AMOUNT, text, candidates(text))) {
      const start = m.index;
      const end = start + m[0].length;
      const { from, to } = sentenceBounds(text, start, end);
      const benefit = BENEFITS.find(text, start, end, { before: start - from, after: to - end });
      // An amount is only personal data here when it says what someone receives or owes.
      if (benefit === undefined || !this.validate(m[0], 'sterling-amount-with-benefit')) continue;
      out.push(
        finding(this, text, {
          start,
          end,
          confidence: 0.8,
          pattern: 'sterling-amount-with-benefit',
          validation: 'not-applicable',
          context: benefit,
        }),
      );
    }
    return out;
  },
};
