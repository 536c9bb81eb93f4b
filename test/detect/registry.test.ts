import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FINDING_TYPES } from '../../shared/detect/detection.ts';
import { DETECTORS, detectAll } from '../../shared/detect/registry.ts';
import { CHUNK_SIZE, DEFAULT_MIN_CONFIDENCE } from '../../shared/detect/run-detectors.ts';
import { assertWellFormed, pathological } from './support.ts';

const typesOf = (text: string, minConfidence?: number) =>
  detectAll(text, minConfidence === undefined ? {} : { minConfidence }).map((d) => [
    d.type,
    text.slice(d.start, d.end),
  ]);

describe('detectAll', () => {
  it('has one detector per finding type, with unique ids', () => {
    expect(DETECTORS.map((d) => d.type).sort()).toEqual([...FINDING_TYPES].sort());
    expect(new Set(DETECTORS.map((d) => d.id)).size).toBe(DETECTORS.length);
    expect(DEFAULT_MIN_CONFIDENCE).toBe(0.5);
  });

  it('finds several types, sorted by start', () => {
    const text = 'NI number AB123456C. Card 4111 1111 1111 1111. Email jo@example.com. Mobile 07911 123456.';
    expect(typesOf(text)).toEqual([
      ['UK_NINO', 'AB123456C'],
      ['PAYMENT_CARD', '4111 1111 1111 1111'],
      ['EMAIL_ADDRESS', 'jo@example.com'],
      ['PHONE_NUMBER', '07911 123456'],
    ]);
  });

  it('reports an NHS number, not a phone number, for the same digits', () => {
    expect(typesOf('NHS number 943 476 5919', 0)).toEqual([['NHS_NUMBER', '943 476 5919']]);
  });

  it('reports a sort code and account, not a phone number or date', () => {
    expect(typesOf('Sort code 20-00-00 account 12345678')).toEqual([
      ['BANK_ACCOUNT', '20-00-00 account 12345678'],
    ]);
  });

  it('reports a card, not an NHS number inside it', () => {
    expect(typesOf('card 4111111111111111', 0).map(([t]) => t)).toEqual(['PAYMENT_CARD']);
  });

  it('reports a date of birth over a sort-code reading', () => {
    expect(typesOf('Date of birth 12-05-80')).toEqual([['DATE_OF_BIRTH', '12-05-80']]);
  });

  it('filters by type and threshold', () => {
    const text = 'Ref 943 476 5919, card 4111 1111 1111 1111';
    expect(detectAll(text).map((d) => d.type)).toEqual(['PAYMENT_CARD']);
    expect(detectAll(text, { minConfidence: 0, types: ['NHS_NUMBER'] }).map((d) => d.type)).toEqual([
      'NHS_NUMBER',
    ]);
  });

  it('scans long texts in overlapping windows without losing or duplicating findings', () => {
    const filler = 'lorem ipsum '.repeat(Math.ceil(CHUNK_SIZE / 12));
    const probe = 'NI number AB123456C ';
    let text = '';
    while (text.length < CHUNK_SIZE * 3) text += filler.slice(0, CHUNK_SIZE - 7) + probe;
    const found = detectAll(text, { types: ['UK_NINO'] });
    const expected = text.split(probe).length - 1;
    expect(found).toHaveLength(expected);
    for (const d of found) expect(text.slice(d.start, d.end)).toBe('AB123456C');
  });

  it('keeps findings well formed and non-overlapping on pathological input', () => {
    fc.assert(
      fc.property(pathological, (text) => {
        const found = detectAll(text, { minConfidence: 0 });
        for (const d of found) {
          const detector = DETECTORS.find((x) => x.type === d.type)!;
          assertWellFormed(detector, text, d);
        }
      }),
      { numRuns: 60 },
    );
  });
});
