import { describe, expect, it } from 'vitest';
import { isValidNinoPrefix, ukNinoDetector } from '../../shared/detect/uk-nino.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: UK_NINO', () => {
  it.each([
    ['AB123456C', 'AB123456C'],
    ['My NI number is AB 12 34 56 C.', 'AB 12 34 56 C'],
    ['national insurance number: ab 12 34 56 c', 'ab 12 34 56 c'],
    ['Rhif yswiriant gwladol: JT 45 67 89 D', 'JT 45 67 89 D'],
    ['nino: PR 123612C', 'PR 123612C'],
    ['NINO AB123456 (no suffix on file)', 'AB123456'],
  ])('finds %j', (text, expected) => {
    expect(values(ukNinoDetector, text)).toEqual([expected]);
  });

  it.each([
    ['first letter D', 'DA123456C'],
    ['second letter O', 'AO123456C'],
    ['prefix BG', 'BG123456A'],
    ['prefix GB', 'GB123456A'],
    ['prefix NK', 'NK123456A'],
    ['prefix TN', 'TN123456A'],
    ['prefix ZZ', 'ZZ123456A'],
    ['suffix E', 'AB123456E'],
    ['numeric suffix', 'AB 12 34 56 1'],
    ['inside a longer reference', 'REF-XAB123456C9'],
    ['order number', 'Order AB1234567'],
    ['suffix-less without context', 'Reference AB123456'],
    ['too few digits', 'AB12345C'],
  ])('ignores %s', (_why, text) => {
    expect(values(ukNinoDetector, text)).toEqual([]);
  });

  it('reports lower-case values only with context', () => {
    expect(values(ukNinoDetector, 'code ab123456c')).toEqual([]);
    expect(run(ukNinoDetector, 'code ab123456c', 0)[0]?.confidence).toBeLessThan(0.5);
    expect(run(ukNinoDetector, 'NI number ab123456c')[0]?.context).toBe('NI number');
  });

  it('raises confidence with English and Welsh context', () => {
    const bare = run(ukNinoDetector, 'AB123456C')[0]!;
    const welsh = run(ukNinoDetector, 'rhif yswiriant gwladol AB123456C')[0]!;
    expect(welsh.confidence).toBeGreaterThan(bare.confidence);
    expect(welsh.context).toBe('rhif yswiriant gwladol');
  });

  it('applies the NIM39110 prefix rules', () => {
    expect(isValidNinoPrefix('AB')).toBe(true);
    for (const p of [
      'DA',
      'FA',
      'IA',
      'QA',
      'UA',
      'VA',
      'AD',
      'AF',
      'AI',
      'AO',
      'AQ',
      'AU',
      'AV',
      'KN',
      'NT',
    ]) {
      expect(isValidNinoPrefix(p)).toBe(false);
    }
  });

  it('masks all but the last three characters', () => {
    expect(ukNinoDetector.detect('AB123456C')[0]?.masked).toBe('******56C');
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(ukNinoDetector));
});
