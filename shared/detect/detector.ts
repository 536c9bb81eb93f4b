import type { Detection, FindingType } from './detection.ts';
import { mask } from './mask.ts';
import { indexText, scanAt, wordLeads } from './text-index.ts';

/** A named regular expression and the published standard its shape follows. */
export interface NamedPattern {
  /** Stable name, reported in `explanation.pattern`. */
  readonly name: string;
  /** Bounded pattern (explicit `{m,n}` limits, no nested unbounded quantifiers); must carry the `g` flag. */
  readonly regex: RegExp;
  /** The standard or source the pattern follows, e.g. `HMRC NIM39110`. */
  readonly standard: string;
  /**
   * Where a match can start in a text: every such position (extra ones are harmless), or
   * undefined for anywhere. Only these positions are tried, which on prose is most of the saving.
   */
  readonly starts?: StartsFn;
}

/** Positions in `text` where a pattern's matches can start, or undefined for anywhere. */
export type StartsFn = (text: string) => ArrayLike<number> | undefined;

/**
 * One detector: a finding type, the patterns that propose candidates, the context words that
 * raise confidence, and `validate()` (checksum, prefix or date rules) that rejects false shapes.
 * `detect()` must be pure, must not throw on any string, and must return offsets into `text`.
 */
export interface Detector {
  /** Stable id, reported in `explanation.detector` and kept in audit records. */
  readonly id: string;
  readonly type: FindingType;
  readonly patterns: readonly NamedPattern[];
  /** English and Welsh words or phrases that, near a match, raise its confidence. */
  readonly contextWords: readonly string[];
  /** Checks a candidate value found by the named pattern. */
  validate(value: string, pattern: string): boolean;
  detect(text: string): Detection[];
}

/** Letters or digits on either side of a match mean it is part of a longer token. */
export const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
export const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}])';

/** How far (in UTF-16 units) context is searched before and after a match, by default. */
export const DEFAULT_CONTEXT_WINDOW = { before: 60, after: 40 } as const;

/** The boost a context word adds to a pattern's base confidence (Presidio's default, 0.35). */
export const CONTEXT_BOOST = 0.35;

export interface ContextWindow {
  readonly before: number;
  readonly after: number;
}

/** Finds the nearest context word around a span. */
export interface ContextMatcher {
  find(text: string, start: number, end: number, window?: ContextWindow): string | undefined;
  /** Whether any of the words occurs in `text` at all: when none does, `find` finds nothing anywhere in it. */
  occursIn(text: string): boolean;
}

function escapeWord(word: string): string {
  return word
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/'/g, "['\u2019]?")
    .replace(/ /g, '[\\s\\-]{1,3}');
}

function alternation(words: readonly string[]): string {
  // Longest first so "date of birth" wins over "birth".
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map(escapeWord)
    .join('|');
}

/**
 * Compiles context words into one word-bounded matcher. Matching is case-insensitive except for
 * the entries in `caseSensitive` (abbreviations such as `UC` or `DOB` that are ordinary words in
 * lower case). Spaces in a phrase match 1–3 spaces or hyphens.
 */
export function contextMatcher(
  words: readonly string[],
  caseSensitive: readonly string[] = [],
): ContextMatcher {
  const lists: { regex: RegExp; starts: StartsFn }[] = [];
  if (words.length > 0)
    lists.push({
      regex: new RegExp(`${NOT_AFTER_WORD}(?:${alternation(words)})${NOT_BEFORE_WORD}`, 'giu'),
      starts: listedWordStarts(words),
    });
  if (caseSensitive.length > 0) {
    lists.push({
      regex: new RegExp(`${NOT_AFTER_WORD}(?:${alternation(caseSensitive)})${NOT_BEFORE_WORD}`, 'gu'),
      starts: listedWordStarts(caseSensitive),
    });
  }
  // Context words are located once per text, then each candidate looks up its nearest word by
  // binary search: a text with thousands of candidates costs one scan, not thousands of window
  // scans. The scan only tries word starts that begin like a listed word.
  let indexedText: string | undefined;
  let index: readonly (readonly WordHit[])[] = [];
  const indexOf = (text: string): readonly (readonly WordHit[])[] => {
    if (text !== indexedText) {
      index = lists.map((list) => wordHits(list, text));
      indexedText = text;
    }
    return index;
  };
  return {
    occursIn(text) {
      return indexOf(text).some((hits) => hits.length > 0);
    },
    find(text, start, end, window = DEFAULT_CONTEXT_WINDOW) {
      const index = indexOf(text);
      const beforeFrom = Math.max(0, start - window.before);
      const afterTo = Math.min(text.length, end + window.after);
      let best: { word: string; distance: number } | undefined;
      for (const hits of index) {
        const before = hits[lastEndingBy(hits, start)];
        if (before && before.start >= beforeFrom) {
          const distance = start - before.end;
          if (!best || distance < best.distance) best = { word: before.word, distance };
        }
        const after = hits[lastEndingBy(hits, end) + 1];
        if (after && after.start >= end && after.end <= afterTo) {
          const distance = after.start - end;
          if (!best || distance < best.distance) best = { word: after.word, distance };
        }
      }
      return best ? normaliseContext(best.word) : undefined;
    },
  };
}

interface WordHit {
  readonly start: number;
  readonly end: number;
  readonly word: string;
}

function wordHits(pattern: Pick<NamedPattern, 'regex' | 'starts'>, text: string): WordHit[] {
  const hits: WordHit[] = [];
  for (const m of patternMatches(pattern, text))
    hits.push({ start: m.index, end: m.index + m[0].length, word: m[0] });
  return hits;
}

/**
 * Starts for a word-list pattern (one beginning with {@link NOT_AFTER_WORD} whose every match
 * begins with one of `prefixes` or is one of `wholeWords`, compared lower-cased): the word
 * starts that begin so.
 */
export function wordStarts(prefixes: readonly string[], wholeWords: readonly string[] = []): StartsFn {
  return (text) => indexText(text).wordStartsWith(prefixes, wholeWords);
}

/** Starts for a pattern that is an alternation of `words`, as {@link contextMatcher} and the term lists build them. */
export function listedWordStarts(words: readonly string[]): StartsFn {
  const { prefixes, wholeWords } = wordLeads(words);
  return wordStarts(prefixes, wholeWords);
}

/**
 * The matches of `pattern` in `text`, exactly as iterating its regex globally finds them, but
 * trying only the positions its `starts` gives.
 */
export function patternMatches(
  pattern: Pick<NamedPattern, 'regex' | 'starts'>,
  text: string,
): Iterable<RegExpExecArray> {
  const starts = pattern.starts?.(text);
  return starts === undefined ? matches(pattern.regex, text) : scanAt(pattern.regex, text, starts);
}

/** Index of the last hit ending at or before `offset` (hits are disjoint and sorted), or -1. */
function lastEndingBy(hits: readonly WordHit[], offset: number): number {
  let lo = 0;
  let hi = hits.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((hits[mid] as WordHit).end <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Context words as found, normalised; the same few words recur in every text, so each is worked out once. */
const normalisedContext = new Map<string, string>();
const NORMALISED_CONTEXT_SIZE = 4096;

function normaliseContext(word: string): string {
  let normalised = normalisedContext.get(word);
  if (normalised === undefined) {
    normalised = word.replace(/[\s-]+/g, ' ').replace(/\u2019/g, "'");
    if (normalisedContext.size >= NORMALISED_CONTEXT_SIZE) normalisedContext.clear();
    normalisedContext.set(word, normalised);
  }
  return normalised;
}

/** Base confidence plus the context boost when a context word was found, capped at 1, two decimals. */
export function composeConfidence(
  base: number,
  context: string | undefined,
  boost: number = CONTEXT_BOOST,
): number {
  const value = Math.min(1, base + (context === undefined ? 0 : boost));
  return Math.round(value * 100) / 100;
}

/** The fields a detector supplies for one finding; `masked` is derived here so no detector forgets it. */
export interface FindingParts {
  readonly start: number;
  readonly end: number;
  readonly confidence: number;
  readonly pattern: string;
  readonly validation: 'passed' | 'not-applicable';
  readonly context?: string | undefined;
  readonly attributes?: Readonly<Record<string, string>>;
}

/** Builds a Detection with its masked value and explanation. */
export function finding(
  detector: Pick<Detector, 'id' | 'type'>,
  text: string,
  parts: FindingParts,
): Detection {
  const explanation =
    parts.context === undefined
      ? { detector: detector.id, pattern: parts.pattern, validation: parts.validation }
      : {
          detector: detector.id,
          pattern: parts.pattern,
          validation: parts.validation,
          context: parts.context,
        };
  return {
    type: detector.type,
    start: parts.start,
    end: parts.end,
    confidence: parts.confidence,
    masked: mask(text.slice(parts.start, parts.end)),
    explanation,
    ...(parts.attributes ? { attributes: parts.attributes } : {}),
  };
}

/** Iterates a global regex's matches over `text` without sharing `lastIndex` state between calls. */
export function* matches(regex: RegExp, text: string): Generator<RegExpExecArray> {
  const local = new RegExp(regex.source, regex.flags.includes('g') ? regex.flags : `${regex.flags}g`);
  let m = local.exec(text);
  while (m !== null) {
    yield m;
    if (m[0].length === 0) local.lastIndex += 1;
    m = local.exec(text);
  }
}

/** Keeps only ASCII digits. */
export function digitsOf(value: string): string {
  return value.replace(/\D/g, '');
}

/** Keeps only ASCII letters and digits, upper-cased. */
export function compact(value: string): string {
  return value.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
}

/** True when `day`/`month`/`year` is a real Gregorian date. */
export function isRealDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
  return day <= days;
}

/** Removes later duplicates of the same type and span (several patterns may find the same value). */
export function uniqueBySpan(detections: readonly Detection[]): Detection[] {
  const best = new Map<string, Detection>();
  for (const d of detections) {
    const key = `${d.start}:${d.end}`;
    const seen = best.get(key);
    if (!seen || d.confidence > seen.confidence) best.set(key, d);
  }
  return [...best.values()].sort((a, b) => a.start - b.start || a.end - b.end);
}
