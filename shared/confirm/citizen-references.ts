/**
 * Citizen references named in a message: how a message that names someone else's case is tied
 * to that citizen's validated contact point (DWP Email Policy 3.10).
 */
import safeRegex from 'safe-regex2';

/** The case system's reference format, e.g. `CR-000418`. Bounded: no nested quantifiers. */
export const DEFAULT_CITIZEN_REFERENCE = /\b[A-Z]{2}-\d{6}\b/g;
/** A message naming more citizens than this is not tied to one of them. */
const MAX_REFERENCES = 5;
/** Only the start of a long text is searched: references sit near the top of a letter. */
const MAX_TEXT = 100_000;
/** A reference format is short; a longer pattern is more likely a mistake than a format. */
const MAX_PATTERN_LENGTH = 200;

/** A configured reference pattern that cannot be used. Carries the reason, never message text. */
export class CitizenReferencePatternError extends Error {
  override readonly name = 'CitizenReferencePatternError';
}

/**
 * A deployment's reference format, from its source text: it must compile, match something but
 * never the empty string, and have no nested quantifiers (star height above 1), since JavaScript
 * has no regex timeout and the text searched comes from anyone who can send mail. It is matched
 * against the upper-cased text, so it is written in capitals.
 */
export function citizenReferencePattern(source: string): RegExp {
  if (source.length === 0 || source.length > MAX_PATTERN_LENGTH)
    throw new CitizenReferencePatternError(`must be 1 to ${MAX_PATTERN_LENGTH} characters`);
  let pattern: RegExp;
  try {
    pattern = new RegExp(source, 'g');
  } catch (error) {
    throw new CitizenReferencePatternError(`is not a valid regular expression: ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (pattern.test('')) throw new CitizenReferencePatternError('must not match an empty string');
  if (!safeRegex(pattern))
    throw new CitizenReferencePatternError(
      'has nested quantifiers (e.g. (a+)+), which can take exponential time on hostile text',
    );
  return pattern;
}

/** Distinct references in order of appearance, upper-cased, at most {@link MAX_REFERENCES} + 1. */
export function citizenReferencesIn(text: string, pattern: RegExp = DEFAULT_CITIZEN_REFERENCE): string[] {
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  const found = new Set<string>();
  for (const match of text.slice(0, MAX_TEXT).toUpperCase().matchAll(global)) {
    // A pattern such as `\b` matches nothing at all, only between characters: never a reference.
    if (match[0]) found.add(match[0]);
    if (found.size > MAX_REFERENCES) break;
  }
  return [...found];
}
