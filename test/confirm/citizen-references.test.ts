import { describe, expect, it } from 'vitest';
import {
  CitizenReferencePatternError,
  citizenReferencePattern,
  citizenReferencesIn,
  DEFAULT_CITIZEN_REFERENCE,
} from '../../shared/confirm/citizen-references.ts';

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

describe('citizenReferencePattern', () => {
  it("compiles a deployment's format, global, and finds references with it", () => {
    const pattern = citizenReferencePattern('\\b\\d{8}\\b');
    expect(pattern.flags).toBe('g');
    expect(citizenReferencesIn('case 12345678, not 123', pattern)).toEqual(['12345678']);
  });

  it('accepts the default format', () => {
    expect(citizenReferencePattern(DEFAULT_CITIZEN_REFERENCE.source).source).toBe(
      DEFAULT_CITIZEN_REFERENCE.source,
    );
  });

  it.each([
    ['', 'must be 1 to 200 characters'],
    ['A'.repeat(201), 'must be 1 to 200 characters'],
    ['[A-Z', 'is not a valid regular expression'],
    ['\\d*', 'must not match an empty string'],
    ['(A+)+B', 'has nested quantifiers'],
    ['(\\d{2,})*X', 'has nested quantifiers'],
  ])('refuses %j: %s', (source, reason) => {
    expect(() => citizenReferencePattern(source)).toThrow(CitizenReferencePatternError);
    expect(() => citizenReferencePattern(source)).toThrow(reason);
  });

  it('never counts a zero-length match as a reference', () => {
    expect(citizenReferencesIn('AB CD', /\b/g)).toEqual([]);
  });
});
