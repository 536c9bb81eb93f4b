import { describe, expect, it } from 'vitest';
import { citizenReferencesIn } from '../../shared/confirm/citizen-references.ts';

describe('citizenReferencesIn', () => {
  it('finds distinct references in order, in any case', () => {
    expect(citizenReferencesIn('Re cr-000418. See also CR-000977 and CR-000418.')).toEqual([
      'CR-000418',
      'CR-000977',
    ]);
  });

  it.each(['CR-00041', 'XCR-000418', 'CR-0004189', 'CR 000418'])('ignores the near miss %s', (text) => {
    expect(citizenReferencesIn(text)).toEqual([]);
  });

  it('stops counting past five, so a list of cases cannot fan out lookups', () => {
    const many = Array.from({ length: 50 }, (_, i) => `CR-${String(i).padStart(6, '0')}`).join(' ');
    expect(citizenReferencesIn(many)).toHaveLength(6);
  });

  it('takes a configured pattern', () => {
    expect(citizenReferencesIn('case 12345678', /\b\d{8}\b/)).toEqual(['12345678']);
  });
});
