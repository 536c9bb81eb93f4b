import { describe, expect, it } from 'vitest';
import { redact } from '../../shared/detect/redact.ts';
import { detectAll } from '../../shared/detect/registry.ts';

describe('redact', () => {
  it('masks card numbers and leaves other findings', () => {
    const text = 'Card 4111 1111 1111 1111, email jo@example.com';
    const out = redact(text, detectAll(text), ['PAYMENT_CARD']);
    expect(out).toBe('Card **** **** **** 1111, email jo@example.com');
  });

  it('masks several types and ignores out-of-range spans', () => {
    const text = 'NI number AB123456C, card 5555555555554444';
    const detections = detectAll(text);
    const out = redact(
      text,
      [...detections, { ...detections[0]!, start: 500, end: 510 }],
      ['PAYMENT_CARD', 'UK_NINO'],
    );
    expect(out).toBe('NI number ******56C, card ************4444');
  });

  it('returns the text unchanged when nothing is chosen', () => {
    expect(redact('plain', [], ['PAYMENT_CARD'])).toBe('plain');
  });
});
