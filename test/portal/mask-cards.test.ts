import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../shared/detect/redact.ts';
import { detectAll } from '../../shared/detect/registry.ts';
import { maskCardNumbers } from '../../shared/portal/mask-cards.ts';

/** What the pipeline's masked copy does to card numbers: every detector, then cards redacted. */
const pipelineMasking = (text: string) => redact(text, detectAll(text), ['PAYMENT_CARD']);

/** Pieces that look like cards, phones and other numbers, so overlaps between them are common. */
const PIECES = [
  '4111 1111 1111 1111',
  '4111111111111111',
  '5500-0000-0000-0004',
  '3782 822463 10005',
  '07911 123456',
  '+44 7911 123456',
  '020 7946 0018',
  '943 476 5919',
  '20-00-00',
  '12345678',
  'GB82 WEST 1234 5698 7654 32',
  'QQ123456C',
  '01/02/1980',
  'card',
  'card number',
  'phone',
  'mobile',
  'sort code',
  'account',
  'expiry',
  'NHS',
  ' ',
  '-',
  ', ',
  '\n',
];

describe('maskCardNumbers', () => {
  it('masks card numbers and nothing else', () => {
    const text = 'Card 4111 1111 1111 1111, mobile 07911 123456, NHS 943 476 5919.';
    const masked = maskCardNumbers(text);
    expect(masked).not.toContain('4111 1111 1111 1111');
    expect(masked).toContain('07911 123456');
    expect(masked).toContain('943 476 5919');
    expect(masked).toBe(pipelineMasking(text));
  });

  it('masks exactly what the pipeline masks, wherever cards, phones and other numbers meet', () => {
    const digits = fc.stringMatching(/^\d{1,19}$/);
    const piece = fc.oneof(fc.constantFrom(...PIECES), digits);
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join('');
        expect(maskCardNumbers(text)).toBe(pipelineMasking(text));
      }),
      { numRuns: 500 },
    );
  });
});
