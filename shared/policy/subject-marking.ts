/**
 * Finds a protective marking in a subject line, in any case, with its words joined by a hyphen,
 * space or underscore: `OFFICIAL-SENSITIVE`, `official sensitive`, `[Official_Sensitive]`.
 * Returns the marking as the pack spells it, or undefined.
 */
export function findMarking(subject: string, markings: readonly string[]): string | undefined {
  return markings.find((marking) => markingPattern(marking).test(subject));
}

function markingPattern(marking: string): RegExp {
  const words = marking
    .split(/[\s_-]+/)
    .filter(Boolean)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![A-Za-z0-9])${words.join('[\\s_-]+')}(?![A-Za-z0-9])`, 'i');
}
