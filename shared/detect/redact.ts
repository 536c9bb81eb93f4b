import type { Detection, FindingType } from './detection.ts';

/**
 * Replaces the spans of the given finding types with their masked form (DWP policy 1.10: card
 * numbers are masked in every copy Caveat keeps or sends). Overlapping spans are replaced once,
 * the earlier-starting one winning; spans outside `text` are ignored.
 */
export function redact(
  text: string,
  detections: readonly Detection[],
  types: readonly FindingType[],
): string {
  const chosen = detections
    .filter((d) => types.includes(d.type) && d.start >= 0 && d.end <= text.length && d.start < d.end)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  for (const d of chosen) {
    if (d.start < cursor) continue;
    out += text.slice(cursor, d.start) + d.masked;
    cursor = d.end;
  }
  return out + text.slice(cursor);
}
