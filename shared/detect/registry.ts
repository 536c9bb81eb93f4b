import type { Detection, FindingType } from './detection.ts';
import type { Detector } from './detector.ts';
import { RANKED_AFTER_PHONE, RANKED_BEFORE_PHONE } from './detectors-without-phone.ts';
import { phoneNumberDetector } from './phone-number.ts';
import { detectWith } from './run-detectors.ts';

/**
 * The one list of detectors, in precedence order: where two findings overlap with equal
 * confidence, the earlier detector wins (a checksum-validated identifier over a looser shape).
 */
export const DETECTORS: readonly Detector[] = [
  ...RANKED_BEFORE_PHONE,
  phoneNumberDetector,
  ...RANKED_AFTER_PHONE,
];

export interface DetectOptions {
  /** Only run detectors for these types (default: all). */
  readonly types?: readonly FindingType[];
  /** Drop findings below this confidence after overlaps are resolved (default `DEFAULT_MIN_CONFIDENCE`, 0.5). */
  readonly minConfidence?: number;
}

/**
 * Runs every detector (or those for `options.types`) over `text` and returns non-overlapping
 * findings sorted by start (see {@link detectWith}: the order of {@link DETECTORS} breaks ties).
 */
export function detectAll(text: string, options: DetectOptions = {}): Detection[] {
  const detectors = options.types ? DETECTORS.filter((d) => options.types!.includes(d.type)) : DETECTORS;
  return detectWith(detectors, text, options.minConfidence);
}
