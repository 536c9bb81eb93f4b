import { describe, expect, it } from 'vitest';
import { emailAddressDetector } from '../../shared/detect/email-address.ts';
import { checkProperty, values } from './support.ts';

describe('Detector: EMAIL_ADDRESS', () => {
  it.each([
    ['jo.bloggs@example.co.uk', 'jo.bloggs@example.co.uk'],
    ['Email: Jo+claims@Example.org.', 'Jo+claims@Example.org'],
    ["o'brien@example.gov.uk,", "o'brien@example.gov.uk"],
    ['user@xn--80ak6aa92e.com', 'user@xn--80ak6aa92e.com'],
    ['<mailto:jo@example.com>', 'jo@example.com'],
    ['https://example.com/unsubscribe?u=jo@example.com', 'jo@example.com'],
  ])('finds %j', (text, expected) => {
    expect(values(emailAddressDetector, text)).toEqual([expected]);
  });

  it.each([
    ['no TLD', 'info@presidio.'],
    ['a numeric TLD', 'image001.png@01D9A1B2.C3D4E5F0'],
    ['a double dot', 'jo..bloggs@example.com'],
    ['a handle', '@jobloggs on social media'],
    ['no local part', '@example.com'],
    ['a one-letter TLD', 'jo@example.c'],
  ])('ignores %s', (_why, text) => {
    expect(values(emailAddressDetector, text)).toEqual([]);
  });

  it('keeps offsets valid and values masked on pathological input', () =>
    checkProperty(emailAddressDetector));
});
