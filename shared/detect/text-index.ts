/**
 * Facts about one text that every detector would otherwise find for itself with a full regex
 * pass: where runs of ASCII digits are, and where words start, bucketed by their first two
 * lower-cased characters. Built once per text in one linear pass, on first use.
 *
 * A detector pattern is then tried only where a match could start (`scanAt`): a sticky copy of
 * the pattern at each candidate, in order, skipping candidates inside the previous match. For a
 * set of candidates that includes every position where the pattern matches, this yields exactly
 * the matches a global scan yields, at a fraction of the cost on prose, where almost no position
 * starts a digit run or a listed word.
 */

/** How many buckets word starts are spread over: 128 first characters × 64 second characters. */
const SECOND_CHAR_SLOTS = 64;
const SLOTS = 128 * SECOND_CHAR_SLOTS;

/** ASCII letters and digits: the common case of `[\p{L}\p{N}]`, answered without a regex. */
const ASCII_WORD = new Uint8Array(128);
for (let c = 48; c <= 57; c += 1) ASCII_WORD[c] = 1;
for (let c = 65; c <= 90; c += 1) ASCII_WORD[c] = 1;
for (let c = 97; c <= 122; c += 1) ASCII_WORD[c] = 1;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;

export interface TextIndex {
  readonly text: string;
  /**
   * `text` lower-cased, or undefined when lower-casing could hide a case-insensitive match:
   * a character whose lower case is longer (offsets would shift) or `ſ` (U+017F), which a
   * case-insensitive pattern matches as `s` but lower-casing leaves alone.
   */
  readonly lower: string | undefined;
  /** Start and end (exclusive) of each maximal run of ASCII digits, in order. */
  readonly digitRunStarts: Int32Array;
  readonly digitRunEnds: Int32Array;
  /**
   * Word starts (a letter or number not preceded by one, by code point) at which `lower`
   * begins with one of `prefixes` (lower case, at least one character), in increasing order.
   * Undefined when `lower` is.
   */
  wordStartsWith(prefixes: readonly string[]): number[] | undefined;
}

let lastText: string | undefined;
let lastIndex: TextIndex | undefined;

/** The index of `text`; the last one built is kept, since every detector asks for the same text in turn. */
export function indexText(text: string): TextIndex {
  if (lastIndex !== undefined && text === lastText) return lastIndex;
  lastIndex = buildIndex(text);
  lastText = text;
  return lastIndex;
}

function slotOf(first: number, second: number): number {
  return (first & 0x7f) * SECOND_CHAR_SLOTS + (second & (SECOND_CHAR_SLOTS - 1));
}

function buildIndex(text: string): TextIndex {
  const folded = text.toLowerCase();
  const lower = folded.length === text.length && !text.includes('\u017f') ? folded : undefined;
  let runs: { starts: Int32Array; ends: Int32Array } | undefined;
  let buckets: Buckets | undefined;
  return {
    text,
    lower,
    get digitRunStarts() {
      runs ??= digitRuns(text);
      return runs.starts;
    },
    get digitRunEnds() {
      runs ??= digitRuns(text);
      return runs.ends;
    },
    wordStartsWith(prefixes) {
      if (lower === undefined) return undefined;
      buckets ??= bucketWordStarts(lower);
      return startsWithin(lower, buckets, prefixes);
    },
  };
}

const DIGIT_RUN = /\d+/g;

function digitRuns(text: string): { starts: Int32Array; ends: Int32Array } {
  const starts: number[] = [];
  const ends: number[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

interface Buckets {
  /** Word starts grouped by slot; group `s` is `positions[offsets[s] .. offsets[s + 1])`, in order. */
  readonly offsets: Int32Array;
  readonly positions: Int32Array;
}

/**
 * Finds word starts in the lower-cased text (lower-casing keeps letters letters and numbers
 * numbers, so they are the text's word starts) and groups them by their first two characters
 * with a counting sort.
 */
function bucketWordStarts(lower: string): Buckets {
  const n = lower.length;
  // Word starts are never adjacent, so half the length (rounded up) bounds their number.
  const starts = new Int32Array((n >> 1) + 1);
  const slots = new Uint16Array((n >> 1) + 1);
  const offsets = new Int32Array(SLOTS + 1);
  let count = 0;
  let previousIsWord = false;
  for (let i = 0; i < n; i += 1) {
    const c = lower.charCodeAt(i);
    let isWord: boolean;
    let width = 1;
    if (c < 128) isWord = ASCII_WORD[c] === 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const next = lower.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) width = 2;
      isWord = LETTER_OR_NUMBER.test(lower.slice(i, i + width));
    } else isWord = isWordUnit(c);
    if (isWord && !previousIsWord) {
      const slot = slotOf(c, i + 1 < n ? lower.charCodeAt(i + 1) : 0);
      starts[count] = i;
      slots[count] = slot;
      count += 1;
      offsets[slot + 1]! += 1;
    }
    previousIsWord = isWord;
    i += width - 1;
  }
  for (let s = 0; s < SLOTS; s += 1) offsets[s + 1]! += offsets[s]!;
  const fill = offsets.slice(0, SLOTS);
  const positions = new Int32Array(count);
  for (let k = 0; k < count; k += 1) positions[fill[slots[k]!]!++] = starts[k]!;
  return { offsets, positions };
}

const nonAsciiWord = new Map<number, boolean>();

function isWordUnit(c: number): boolean {
  let known = nonAsciiWord.get(c);
  if (known === undefined) {
    known = LETTER_OR_NUMBER.test(String.fromCharCode(c));
    nonAsciiWord.set(c, known);
  }
  return known;
}

/** Prefixes grouped by the slots their words can fall in; worked out once per prefix list. */
const plans = new WeakMap<readonly string[], Map<number, string[]>>();

function planFor(prefixes: readonly string[]): Map<number, string[]> {
  let plan = plans.get(prefixes);
  if (plan === undefined) {
    plan = new Map();
    for (const prefix of prefixes) {
      if (prefix === '') throw new Error('an empty prefix would match every word');
      const first = prefix.charCodeAt(0);
      // A one-character prefix may be followed by anything: every second-character slot.
      const slots =
        prefix.length >= 2
          ? [slotOf(first, prefix.charCodeAt(1))]
          : Array.from({ length: SECOND_CHAR_SLOTS }, (_, s) => slotOf(first, s));
      for (const slot of slots) plan.set(slot, [...(plan.get(slot) ?? []), prefix]);
    }
    plans.set(prefixes, plan);
  }
  return plan;
}

function startsWithin(lower: string, buckets: Buckets, prefixes: readonly string[]): number[] {
  const out: number[] = [];
  for (const [slot, candidates] of planFor(prefixes)) {
    for (let k = buckets.offsets[slot]!; k < buckets.offsets[slot + 1]!; k += 1) {
      const p = buckets.positions[k]!;
      for (const prefix of candidates) {
        if (lower.startsWith(prefix, p)) {
          out.push(p);
          break;
        }
      }
    }
  }
  return out.sort((a, b) => a - b);
}

const stickyCopies = new WeakMap<RegExp, RegExp>();

function stickyOf(regex: RegExp): RegExp {
  let sticky = stickyCopies.get(regex);
  if (sticky === undefined) {
    sticky = new RegExp(regex.source, `${regex.flags.replace(/[gy]/g, '')}y`);
    stickyCopies.set(regex, sticky);
  }
  return sticky;
}

/**
 * The matches of `regex` that start at one of `candidates`, found as a global scan finds them:
 * leftmost first, each search resuming where the last match ended. Equal to iterating `regex`
 * globally over `text` whenever `candidates` holds every position where `regex` can match.
 * `candidates` need not be sorted or unique. Patterns must not match the empty string.
 */
export function* scanAt(
  regex: RegExp,
  text: string,
  candidates: ArrayLike<number>,
): Generator<RegExpExecArray> {
  const sorted = Int32Array.from(candidates).sort();
  const sticky = stickyOf(regex);
  let resumeAt = 0;
  for (let k = 0; k < sorted.length; k += 1) {
    const start = sorted[k]!;
    if (start < resumeAt || start < 0 || start > text.length) continue;
    sticky.lastIndex = start;
    const m = sticky.exec(text);
    if (m === null) continue;
    resumeAt = start + Math.max(1, m[0].length);
    yield m;
  }
}

/**
 * A RegExp-like cursor over `scanAt` candidates for detectors that drive `exec()` and
 * `lastIndex` themselves (a failed candidate resumes one position on, a found value at its end).
 */
export interface Cursor {
  lastIndex: number;
  exec(): RegExpExecArray | null;
}

export function cursorAt(regex: RegExp, text: string, candidates: ArrayLike<number>): Cursor {
  const sorted = Int32Array.from(candidates).sort();
  const sticky = stickyOf(regex);
  let k = 0;
  return {
    lastIndex: 0,
    exec() {
      while (k > 0 && sorted[k - 1]! >= this.lastIndex) k -= 1;
      for (; k < sorted.length; k += 1) {
        const start = sorted[k]!;
        if (start < this.lastIndex || start < 0 || start > text.length) continue;
        sticky.lastIndex = start;
        const m = sticky.exec(text);
        if (m === null) continue;
        k += 1;
        this.lastIndex = start + Math.max(1, m[0].length);
        return m;
      }
      this.lastIndex = 0;
      return null;
    },
  };
}

/**
 * Candidate starts derived from the digit runs of `index`: `pick` is called with each run's start
 * and end (exclusive) and pushes the positions where a match containing that run could start.
 */
export function fromDigitRuns(
  index: TextIndex,
  pick: (start: number, end: number, out: number[]) => void,
): number[] {
  const out: number[] = [];
  const { digitRunStarts: starts, digitRunEnds: ends } = index;
  for (let r = 0; r < starts.length; r += 1) pick(starts[r]!, ends[r]!, out);
  return out;
}

/** The UTF-16 unit at `at`, or -1 outside the text: cheap necessary conditions before a probe. */
export function unitAt(text: string, at: number): number {
  return at >= 0 && at < text.length ? text.charCodeAt(at) : -1;
}

/** True when `c` is one of the characters of `set` (a string of ASCII characters). */
export function isOneOf(c: number, set: string): boolean {
  return c >= 0 && c < 128 && set.includes(String.fromCharCode(c));
}

/** True for 0–9. */
export function isDigitAscii(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** True for A–Z. */
export function isUpperAscii(c: number): boolean {
  return c >= 65 && c <= 90;
}

/** True for A–Z and a–z. */
export function isLetterAscii(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The literal start of each listed word, lower-cased: the word up to its first space or
 * apostrophe, which word-list patterns let vary (`[\s-]` for a space, an optional `'` or `’`).
 */
export function leadingPrefixes(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const word of words) {
    const segment = word.split(/[ '\u2019]/)[0] ?? '';
    if (segment === '') throw new Error(`listed word ${JSON.stringify(word)} starts with a separator`);
    out.add(segment.toLowerCase());
  }
  return [...out];
}
