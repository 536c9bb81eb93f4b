import { describe, expect, it } from 'vitest';
import { issuerOf, luhnValid, paymentCardDetector } from '../../shared/detect/payment-card.ts';
import { checkProperty, run, values } from './support.ts';

describe('Detector: PAYMENT_CARD', () => {
  it.each([
    ['test Visa, spaced', 'Card 4111 1111 1111 1111', '4111 1111 1111 1111', 'visa'],
    ['Mastercard, dashed', '5555-5555-5555-4444 exp 12/27', '5555-5555-5555-4444', 'mastercard'],
    ['Mastercard 2-series', '2223000048400011', '2223000048400011', 'mastercard'],
    ['Amex 4-6-5', 'amex 3782 822463 10005', '3782 822463 10005', 'amex'],
    ['Maestro UK', '6759649826438453', '6759649826438453', 'maestro'],
    ['JCB', '3528000700000000', '3528000700000000', 'jcb'],
    ['Welsh context', 'rhif cerdyn 4012888888881881', '4012888888881881', 'visa'],
  ])('finds a %s', (_why, text, expected, issuer) => {
    const [f] = run(paymentCardDetector, text);
    expect(f?.value).toBe(expected);
    expect(f?.attributes?.issuer).toBe(issuer);
  });

  it.each([
    ['Luhn failure', '4111 1111 1111 1112'],
    ['no issuer range', '9111111111111111'],
    ['Amex length wrong', '3411111111111111'],
    ['repeated digits', '0000 0000 0000 0000'],
    ['part of a longer number', '44111111111111111111'],
    ['dash-joined to more digits', '12-4111111111111111'],
    ['12-digit order number', 'Order 411111111111'],
    ['mixed separators', '4111 1111-1111 1111'],
  ])('ignores a %s', (_why, text) => {
    expect(values(paymentCardDetector, text)).toEqual([]);
  });

  it('raises confidence with card context', () => {
    const bare = run(paymentCardDetector, '4111111111111111')[0]!;
    const ctx = run(paymentCardDetector, 'long number 4111111111111111 expiry 01/29 CVV 123')[0]!;
    expect(ctx.confidence).toBeGreaterThan(bare.confidence);
    expect(ctx.context).toBe('long number');
  });

  it('finds three cards separated by spaces', () => {
    expect(
      values(paymentCardDetector, '4012888888881881 4012-8888-8888-1881 4012 8888 8888 1881'),
    ).toHaveLength(3);
  });

  it('implements Luhn and issuer ranges', () => {
    expect(luhnValid('79927398713')).toBe(true);
    expect(luhnValid('79927398710')).toBe(false);
    expect(issuerOf('4111111111111111')).toBe('visa');
    expect(issuerOf('122000000000003')).toBe('uatp');
  });

  it('masks all but the last four digits', () => {
    expect(paymentCardDetector.detect('4111 1111 1111 1111')[0]?.masked).toBe('**** **** **** 1111');
  });

  it('keeps offsets valid and values masked on pathological input', () => checkProperty(paymentCardDetector));
});
