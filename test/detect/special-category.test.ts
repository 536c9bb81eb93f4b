import { describe, expect, it } from 'vitest';
import { specialCategoryDetector } from '../../shared/detect/special-category.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: SPECIAL_CATEGORY', () => {
  it.each([
    ['I am Muslim and pray five times a day', 'I am Muslim', 'religion'],
    ['My religion is important to me', 'My religion is', 'religion'],
    ['Ethnic origin: White British', 'Ethnic origin', 'ethnic-origin'],
    ['My son is gay', 'gay', 'sexual-orientation'],
    ['she is bisexual', 'bisexual', 'sexual-orientation'],
    ['He is a member of the Labour Party', 'member of the Labour Party', 'political-opinion'],
    ['I am a trade union member', 'trade union member', 'trade-union'],
    ['He has a criminal conviction for theft', 'criminal conviction', 'criminal-offence'],
    ['He served a prison sentence in 2010', 'served a prison sentence', 'criminal-offence'],
    ['member of Unison', 'member of Unison', 'trade-union'],
  ])('finds %j', (text, expected, category) => {
    const [f] = run(specialCategoryDetector, text);
    expect(f?.value).toBe(expected);
    expect(f?.attributes?.category).toBe(category);
  });

  it.each([
    ['European Union', 'Regulations from the European Union'],
    ['credit union', 'a loan from the credit union'],
    ['a party', 'The office Christmas party'],
    ['Christmas', 'Merry Christmas'],
    ['a political word alone', 'Parliament sits today'],
    ['a church building', 'The church hall is booked'],
    ['probation at work', 'She is still on probation at work'],
  ])('ignores %s', (_why, text) => {
    expect(values(specialCategoryDetector, text)).toEqual([]);
  });

  it('keeps offsets valid and values masked on pathological input', () =>
    checkProperty(specialCategoryDetector));
});
