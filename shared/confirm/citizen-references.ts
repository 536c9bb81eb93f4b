/**
 * Citizen references named in a message: how a message that names someone else's case is tied
 * to that citizen's validated contact point (DWP Email Policy 3.10).
 */

/** The case system's reference format, e.g. `CR-000418`. Bounded: no nested quantifiers. */
export const DEFAULT_CITIZEN_REFERENCE = /\b[A-Z]{2}-\d{6}\b/g;
/** A message naming more citizens than this is not tied to one of them. */
const MAX_REFERENCES = 5;
/** Only the start of a long text is searched: references sit near the top of a letter. */
const MAX_TEXT = 100_000;

/** Distinct references in order of appearance, upper-cased, at most {@link MAX_REFERENCES} + 1. */
export function citizenReferencesIn(text: string, pattern: RegExp = DEFAULT_CITIZEN_REFERENCE): string[] {
  const global = pattern.global ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
  const found = new Set<string>();
  for (const match of text.slice(0, MAX_TEXT).toUpperCase().matchAll(global)) {
    found.add(match[0]);
    if (found.size > MAX_REFERENCES) break;
  }
  return [...found];
}
