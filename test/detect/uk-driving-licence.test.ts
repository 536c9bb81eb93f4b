import { describe, expect, it } from 'vitest';
import { ukDrivingLicenceDetector, validDriverNumber } from '../../shared/detect/uk-driving-licence.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: UK_DRIVING_LICENCE', () => {
  it.each([
    ['MORGA607054SM9IJ', 'MORGA607054SM9IJ'],
    ['Driving licence: MORGA 657054 SM9IJ', 'MORGA 657054 SM9IJ'],
    ['FO999512018AA1AB', 'FO999512018AA1AB'],
    ['licence no SMITH802290AB1CD', 'SMITH802290AB1CD'],
    ['trwydded yrru JONES710153J99EF', 'JONES710153J99EF'],
  ])('finds %j', (text, expected) => {
    expect(values(ukDrivingLicenceDetector, text)).toEqual([expected]);
  });

  it.each([
    ['month 13', 'MORGA613054SM9IJ'],
    ['month 50', 'MORGA650054SM9IJ'],
    ['day 32', 'MORGA601324SM9IJ'],
    ['30 February', 'MORGA602304SM9IJ'],
    ['all-9 surname', '99999657054SM9IJ'],
    ['letter after padding', 'MO9G9657054SM9IJ'],
    ['15 characters', 'MORGA65705SM9IJ'],
    ['inside a longer token', 'XMORGA607054SM9IJ'],
  ])('ignores %s', (_why, text) => {
    expect(values(ukDrivingLicenceDetector, text, 0)).toEqual([]);
  });

  it('scores lower case below the threshold unless context raises it', () => {
    expect(values(ukDrivingLicenceDetector, 'morga607054sm9ij')).toEqual([]);
    expect(run(ukDrivingLicenceDetector, 'DVLA morga607054sm9ij')[0]?.context).toBe('DVLA');
  });

  it('validates the embedded date', () => {
    expect(validDriverNumber('SMITH862310AB1CD')).toBe(true);
    expect(validDriverNumber('SMITH800010AB1CD')).toBe(false);
  });

  it('keeps offsets valid and values masked on pathological input', () =>
    checkProperty(ukDrivingLicenceDetector));
});
