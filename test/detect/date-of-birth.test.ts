import { describe, expect, it } from 'vitest';
import { dateOfBirthDetector } from '../../shared/detect/date-of-birth.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: DATE_OF_BIRTH', () => {
  it.each([
    ['Date of birth: 12/05/1980', '12/05/1980'],
    ['DOB 1-2-1975', '1-2-1975'],
    ['D.O.B. 29.02.1984', '29.02.1984'],
    ['born on 5 May 1962', '5 May 1962'],
    ['She was born 3rd of March 2001', '3rd of March 2001'],
    ['birthday: May 5, 1990', 'May 5, 1990'],
    ['dob 1980-05-12', '1980-05-12'],
    ['Dyddiad geni: 12 Mehefin 1978', '12 Mehefin 1978'],
    ['Ganwyd 3 Ionawr 1950', '3 Ionawr 1950'],
    ['1948-07-05 (date of birth)', '1948-07-05'],
    ['date of birth 12/05/80', '12/05/80'],
  ])('finds %j', (text, expected) => {
    expect(values(dateOfBirthDetector, text)).toEqual([expected]);
  });

  it.each([
    ['an appointment date', 'Your appointment is on 12/05/2024 at 10am.'],
    ['a letter date', 'Dated 5 May 2023'],
    ['a non-existent date', 'Date of birth: 31/02/1980'],
    ['a year out of range', 'DOB 01/01/1850'],
    ['29 February in a common year', 'DOB 29/02/1981'],
    ['a sort-code-like group', 'date of birth 12-34-56'],
    ['a date too far from the context', 'Date of birth is requested on the form. The meeting is 12/05/2024.'],
    ['a time stamp', 'DOB field updated 2024-03-15T14:30'],
  ])('ignores %s', (_why, text) => {
    expect(values(dateOfBirthDetector, text, 0)).toEqual([]);
  });

  it('explains the birth context word', () => {
    expect(run(dateOfBirthDetector, 'DOB: 01/02/1970')[0]?.context).toBe('DOB');
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(dateOfBirthDetector));
});
