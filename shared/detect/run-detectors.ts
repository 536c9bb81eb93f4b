/**
 * How detectors are run over a text: in overlapping windows, overlaps resolved, a confidence
 * threshold applied. Kept apart from the registry so that a caller needing only some detectors
 * (the portal's card masking) does not bundle them all.
 */
import type { Detection, FindingType } from './detection.ts';
import type { Detector } from './detector.ts';

/** Findings below this confidence are not reported unless a caller asks: a checksum or shape alone is not enough. */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

/** Texts are scanned in windows of this many UTF-16 units, so no pattern ever sees more. */
export const CHUNK_SIZE = 65_536;
/** Windows overlap by this much; every finding plus its context window must be shorter than half of it. */
export const CHUNK_OVERLAP = 2_048;

/** Identifier types whose checksum or structure outranks a phone-number reading of the same digits. */
const OUTRANKS_PHONE = new Set<FindingType>([
  'PAYMENT_CARD',
  'BANK_ACCOUNT',
  'NHS_NUMBER',
  'IBAN',
  'UK_PASSPORT',
]);

/**
 * Runs `detectors` over `text` and returns non-overlapping findings at or above `minConfidence`,
 * sorted by start. Where two findings overlap with equal confidence, the detector earlier in
 * `detectors` wins. Overlaps are resolved before the threshold is applied, so a weak NHS-number
 * reading still stops the same digits being reported as a phone number.
 */
export function detectWith(
  detectors: readonly Detector[],
  text: string,
  minConfidence: number = DEFAULT_MIN_CONFIDENCE,
): Detection[] {
  const precedence = new Map(detectors.map((d, i) => [d.type, i]));
  const raw = runChunkedAll(detectors, text).flat();
  return resolveOverlaps(raw, precedence).filter((d) => d.confidence >= minConfidence);
}

/** Runs one detector over `text` in overlapping windows; each finding belongs to the window its start falls in. */
export function runChunked(detector: Detector, text: string): Detection[] {
  return runChunkedAll([detector], text)[0] ?? [];
}

/**
 * {@link runChunked} for several detectors, one list of findings per detector. Every detector
 * sees one window before the next window is cut, so what they share about a text (its
 * `indexText` facts) is built once per window.
 */
function runChunkedAll(detectors: readonly Detector[], text: string): Detection[][] {
  if (text.length <= CHUNK_SIZE) return detectors.map((detector) => detector.detect(text));
  const out: Detection[][] = detectors.map(() => []);
  const half = CHUNK_OVERLAP / 2;
  const step = CHUNK_SIZE - CHUNK_OVERLAP;
  for (let from = 0; from < text.length; from += step) {
    const to = Math.min(text.length, from + CHUNK_SIZE);
    const ownFrom = from === 0 ? 0 : from + half;
    const ownTo = to === text.length ? text.length : to - half;
    const window = text.slice(from, to);
    for (const [i, detector] of detectors.entries()) {
      for (const d of detector.detect(window)) {
        const start = d.start + from;
        if (start < ownFrom || start >= ownTo) continue;
        out[i]!.push({ ...d, start, end: d.end + from });
      }
    }
    if (to === text.length) break;
  }
  return out;
}

/** Where each type stands among the detectors run: earlier wins a tie. */
type Precedence = ReadonlyMap<FindingType, number>;

function outranks(a: Detection, b: Detection, precedence: Precedence): boolean {
  if (b.type === 'PHONE_NUMBER' && OUTRANKS_PHONE.has(a.type) && a.explanation.validation === 'passed')
    return true;
  if (a.type === 'PHONE_NUMBER' && OUTRANKS_PHONE.has(b.type) && b.explanation.validation === 'passed')
    return false;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  const pa = precedence.get(a.type) ?? 99;
  const pb = precedence.get(b.type) ?? 99;
  if (pa !== pb) return pa < pb;
  return a.end - a.start > b.end - b.start;
}

/**
 * Keeps the strongest of any overlapping findings: a checksum-validated identifier beats a phone
 * reading of the same digits; otherwise higher confidence, then detector precedence, then length.
 * HEALTH and SPECIAL_CATEGORY phrases never suppress identifiers they happen to overlap, nor the reverse.
 */
export function resolveOverlaps(detections: readonly Detection[], precedence: Precedence): Detection[] {
  const ranked = [...detections].sort((a, b) =>
    outranks(a, b, precedence) ? -1 : outranks(b, a, precedence) ? 1 : a.start - b.start,
  );
  // Kept findings of one group never overlap each other, so each group stays sorted by start
  // (and so by end): one binary search finds the only kept finding that could clash.
  const keptText: Detection[] = [];
  const keptIdentifiers: Detection[] = [];
  for (const d of ranked) {
    const group = isTextFinding(d) ? keptText : keptIdentifiers;
    const at = firstStartingAtOrAfter(group, d.end);
    const previous = group[at - 1];
    if (previous && previous.end > d.start) continue;
    group.splice(at, 0, d);
  }
  return [...keptText, ...keptIdentifiers].sort((a, b) => a.start - b.start || a.end - b.end);
}

function firstStartingAtOrAfter(sorted: readonly Detection[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] as Detection).start < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function isTextFinding(d: Detection): boolean {
  return d.type === 'HEALTH' || d.type === 'SPECIAL_CATEGORY';
}
