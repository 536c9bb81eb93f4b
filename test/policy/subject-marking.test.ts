import { describe, expect, it } from 'vitest';
import { findMarking } from '../../shared/policy/subject-marking.ts';

describe('findMarking', () => {
  it.each([
    'OFFICIAL-SENSITIVE: case 123',
    'official-sensitive',
    'Official Sensitive – overpayment',
    '[OFFICIAL_SENSITIVE] referral',
    'RE: FW: OFFICIAL  -  SENSITIVE',
  ])('finds the marking in "%s"', (subject) => {
    expect(findMarking(subject, ['OFFICIAL-SENSITIVE'])).toBe('OFFICIAL-SENSITIVE');
  });

  it.each(['OFFICIAL', 'Unofficial sensitiveness', 'OFFICIALSENSITIVE', 'sensitive official matter'])(
    'finds no marking in "%s"',
    (subject) => {
      expect(findMarking(subject, ['OFFICIAL-SENSITIVE'])).toBeUndefined();
    },
  );

  it('returns the first marking the pack lists that is present', () => {
    expect(findMarking('Confidential: minutes', ['OFFICIAL-SENSITIVE', 'CONFIDENTIAL'])).toBe('CONFIDENTIAL');
  });
});
