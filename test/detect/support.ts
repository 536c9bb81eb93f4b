import fc from 'fast-check';
import { expect } from 'vitest';
import type { Detection } from '../../shared/detect/detection.ts';
import type { Detector } from '../../shared/detect/detector.ts';

export interface Found {
  readonly value: string;
  readonly confidence: number;
  readonly pattern: string;
  readonly context: string | undefined;
  readonly attributes: Readonly<Record<string, string>> | undefined;
}

/** Runs one detector and returns what it reports at or above `minConfidence` (default threshold 0.5). */
export function run(detector: Detector, text: string, minConfidence = 0.5): Found[] {
  return detector
    .detect(text)
    .filter((d) => d.confidence >= minConfidence)
    .map((d) => ({
      value: text.slice(d.start, d.end),
      confidence: d.confidence,
      pattern: d.explanation.pattern,
      context: d.explanation.context,
      attributes: d.attributes,
    }));
}

/** The reported values only. */
export function values(detector: Detector, text: string, minConfidence = 0.5): string[] {
  return run(detector, text, minConfidence).map((f) => f.value);
}

const alnum = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '');

/** Invariants every detection must keep, whatever the input. */
export function assertWellFormed(detector: Pick<Detector, 'id' | 'type'>, text: string, d: Detection): void {
  expect(d.type).toBe(detector.type);
  expect(d.explanation.detector).toBe(detector.id);
  expect(Number.isInteger(d.start) && Number.isInteger(d.end)).toBe(true);
  expect(d.start).toBeGreaterThanOrEqual(0);
  expect(d.end).toBeGreaterThan(d.start);
  expect(d.end).toBeLessThanOrEqual(text.length);
  expect(d.confidence).toBeGreaterThanOrEqual(0);
  expect(d.confidence).toBeLessThanOrEqual(1);
  const value = text.slice(d.start, d.end);
  expect(d.masked.length).toBe(value.length);
  const shown = alnum(d.masked.replace(/\*/g, ''));
  expect(shown.length).toBeLessThanOrEqual(4);
  expect(alnum(value).endsWith(shown)).toBe(true);
}

const PIECES = [
  '0',
  '1',
  '4',
  '9',
  '12',
  '44',
  '123456',
  '4111111111111111',
  '0000000000',
  '9434765919',
  '07911',
  '123456',
  ' ',
  '  ',
  '-',
  '/',
  '.',
  ',',
  '+',
  '(',
  ')',
  '(0)',
  '£',
  '@',
  'a',
  'AB',
  'ZZ',
  'GB82',
  'WEST',
  'GIR',
  'SW1A',
  '1AA',
  'MORGA',
  '9',
  '\n',
  'é',
  '\u2019',
  'card number',
  'NHS number',
  'sort code',
  'date of birth',
  'born',
  'passport',
  'Universal Credit',
  'diagnosed with',
  'trade union member',
  'address',
  'Road',
  'IBAN',
  'phone',
  'rhif yswiriant gwladol',
  'dyddiad geni',
];

/** Pathological text: long digit runs, separators, repeated context words, stray unicode. */
export const pathological = fc.oneof(
  fc.array(fc.constantFrom(...PIECES), { maxLength: 300 }).map((parts) => parts.join('')),
  fc
    .tuple(fc.constantFrom('1', '4', '0', ' ', '1 ', '12-', 'A', 'a1'), fc.integer({ min: 1, max: 4000 }))
    .map(([piece, n]) => piece.repeat(n)),
  fc.string({ maxLength: 500 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
);

/** Property: on any string the detector neither throws nor returns malformed or over-revealing findings. */
export function checkProperty(detector: Detector, runs = 150): void {
  fc.assert(
    fc.property(pathological, (text) => {
      for (const d of detector.detect(text)) assertWellFormed(detector, text, d);
    }),
    { numRuns: runs },
  );
}
