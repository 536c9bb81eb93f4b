import { describe, expect, it } from 'vitest';
import { postalAddressDetector } from '../../shared/detect/postal-address.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: POSTAL_ADDRESS', () => {
  it.each([
    ['12 High Street, Leeds LS1 4AB', 'LS1 4AB'],
    ['Flat 3, 5 Park Road\nLondon\nSW1A 1AA', 'SW1A 1AA'],
    ['She lives at 4 Church Lane, M1 1AE', 'M1 1AE'],
    ['Cyfeiriad: 7 Heol y Frenhines, Caerdydd CF10 2BH', 'CF10 2BH'],
    ['address: W1A 1HQ', 'W1A 1HQ'],
    ['Postcode EC1A1BB', 'EC1A1BB'],
    ['address GIR 0AA', 'GIR 0AA'],
    ['address: BFPO 105', 'BFPO 105'],
  ])('finds %j', (text, expected) => {
    expect(values(postalAddressDetector, text)).toEqual([expected]);
  });

  it.each([
    ['a bare postcode', 'Meeting in M1 1AE'],
    ['Q first letter', 'address QA1 1AA'],
    ['C in the inward letters', 'address M1 1CA'],
    ['inside a longer token', 'address ABCM11AADEF'],
    ['lower case', 'address sw1a 1aa'],
    ['BFPO without context', 'BFPO 105'],
  ])('ignores %s', (_why, text) => {
    expect(values(postalAddressDetector, text)).toEqual([]);
  });

  it('keeps a bare postcode as a low-confidence finding', () => {
    expect(run(postalAddressDetector, 'M1 1AE', 0)[0]?.confidence).toBeLessThan(0.5);
  });

  it('keeps offsets valid and values masked on pathological input', () =>
    checkProperty(postalAddressDetector));
});
