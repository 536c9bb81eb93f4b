/**
 * Facts about one text that every detector would otherwise find for itself with a full regex
 * pass: where runs of ASCII digits are, and where words start, bucketed by their first three
 * lower-cased characters. Built once per text in one linear pass, on first use.
 *
 * A detector pattern is then tried only where a match could start (`scanAt`): a sticky copy of
 * the pattern at each candidate, in order, skipping candidates inside the previous match. For a
 * set of candidates that includes every position where the pattern matches, this yields exactly
 * the matches a global scan yields, at a fraction of the cost on prose, where almost no position
 * starts a digit run or a listed word.
 */

/**
 * Word starts are bucketed by their first three UTF-16 units (the first folded to 7 bits, the
 * others to 6), hashed into this many buckets: a word lands where every listed word that begins
 * like it does, and a bucket may hold unrelated words too (they are compared, then dropped).
 */
const SLOT_BITS = 14;
const SLOTS = 1 << SLOT_BITS;
/** How many values a folded second or third unit takes. */
const FOLDED_UNITS = 64;

/** ASCII letters (1) and digits (2): the common case of `[\p{L}\p{N}]`, answered without a regex. */
const ASCII_KIND = new Uint8Array(128);
const DIGIT = 2;
for (let c = 48; c <= 57; c += 1) ASCII_KIND[c] = DIGIT;
for (let c = 65; c <= 90; c += 1) ASCII_KIND[c] = 1;
for (let c = 97; c <= 122; c += 1) ASCII_KIND[c] = 1;
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
   * begins with one of `prefixes`, or where the whole word (its run of letters and numbers)
   * is one of `wholeWords`; both lower case, neither starting with an ASCII digit (such words
   * are not indexed). In increasing order; undefined when `lower` is.
   */
  wordStartsWith(prefixes: readonly string[], wholeWords?: readonly string[]): number[] | undefined;
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

function slotOf(first: number, second: number, third: number): number {
  const key = ((first & 0x7f) << 12) | ((second & (FOLDED_UNITS - 1)) << 6) | (third & (FOLDED_UNITS - 1));
  return Math.imul(key, 0x9e3779b1) >>> (32 - SLOT_BITS);
}

function buildIndex(text: string): TextIndex {
  const folded = text.toLowerCase();
  const lower = folded.length === text.length && !text.includes('\u017f') ? folded : undefined;
  let words: Words | undefined;
  let runs: DigitRuns | undefined;
  const digitRunsOf = () => {
    if (runs === undefined) {
      if (lower === undefined) runs = digitRuns(text);
      else {
        words ??= readWords(lower);
        runs = words.runs;
      }
    }
    return runs;
  };
  return {
    text,
    lower,
    get digitRunStarts() {
      return digitRunsOf().starts;
    },
    get digitRunEnds() {
      return digitRunsOf().ends;
    },
    wordStartsWith(prefixes, wholeWords = NO_WORDS) {
      if (lower === undefined) return undefined;
      words ??= readWords(lower);
      return startsWithin(lower, words, prefixes, wholeWords);
    },
  };
}

const NO_WORDS: readonly string[] = [];

interface DigitRuns {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
}

const DIGIT_RUN = /\d+/g;

function digitRuns(text: string): DigitRuns {
  const starts: number[] = [];
  const ends: number[] = [];
  DIGIT_RUN.lastIndex = 0;
  for (let m = DIGIT_RUN.exec(text); m !== null; m = DIGIT_RUN.exec(text)) {
    starts.push(m.index);
    ends.push(m.index + m[0].length);
  }
  return { starts: Int32Array.from(starts), ends: Int32Array.from(ends) };
}

interface Words {
  /**
   * Word starts grouped by slot: group `s` is `positions[offsets[s] .. offsets[s + 1])`, in
   * order. Without `offsets` (a text of few words, where grouping costs more than it saves),
   * `positions` is in text order and `slots` gives each word's slot.
   */
  readonly offsets: Int32Array | undefined;
  readonly positions: Int32Array;
  readonly slots: Uint16Array;
  /** Where the word at `positions[k]` ends (exclusive). */
  readonly ends: Int32Array;
  readonly runs: DigitRuns;
}

const NO_SLOTS = new Uint16Array(0);

/** Below this many words a text's word starts are compared one by one, not grouped. */
const GROUP_FROM_WORDS = 512;

/**
 * One pass over the lower-cased text (lower-casing keeps letters letters, numbers numbers and
 * ASCII digits where they were, so these are the text's words and runs): digit runs, and word
 * starts and ends grouped by the words' first three units (see {@link slotOf}) with a counting sort.
 */
/** A character above U+00FF: the text needs 16-bit units. */
const WIDE = /[\u0100-\uffff]/;

/**
 * The UTF-16 units of `text` in a typed array. Reading units from a typed array stays fast
 * whatever V8 made of the string (flat, sliced or concatenated, one- or two-byte), where
 * `charCodeAt` over many differently made strings does not.
 */
function unitsOf(text: string, scratch: Scratch): Uint8Array | Uint16Array {
  if (!WIDE.test(text)) {
    scratch.bytes.write(text, 0, 'latin1');
    return scratch.bytes.subarray(0, text.length);
  }
  scratch.bytes.write(text, 0, 'utf16le');
  return new Uint16Array(scratch.bytes.buffer, scratch.bytes.byteOffset, text.length);
}

/**
 * Working space for reading a text's words, reused from text to text (reading allocated more
 * than it computed): nothing a {@link Words} keeps points into it. Texts longer than
 * {@link SCRATCH_LIMIT} get space of their own, so one long text is not held on to.
 */
interface Scratch {
  readonly bytes: Buffer;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly slots: Uint16Array;
  readonly offsets: Int32Array;
}
const SCRATCH_LIMIT = 1 << 20;
let shared: Scratch | undefined;

function scratchFor(length: number): Scratch {
  // Words are never adjacent, so half the length (rounded up) bounds their number.
  const bound = (length >> 1) + 1;
  const make = (units: number): Scratch => ({
    // Its own ArrayBuffer at offset 0, so it can be read as 16-bit units.
    bytes: Buffer.allocUnsafeSlow(2 * units),
    starts: new Int32Array((units >> 1) + 1),
    ends: new Int32Array((units >> 1) + 1),
    slots: new Uint16Array((units >> 1) + 1),
    offsets: new Int32Array(SLOTS + 1),
  });
  if (length > SCRATCH_LIMIT) return make(length);
  if (shared === undefined || shared.starts.length < bound) {
    shared = make(Math.max(length, 1 << 16));
  }
  shared.offsets.fill(0);
  return shared;
}

function readWords(lower: string): Words {
  const scratch = scratchFor(lower.length);
  const found: Found = {
    starts: scratch.starts,
    ends: scratch.ends,
    slots: scratch.slots,
    offsets: scratch.offsets,
    runStarts: [],
    runEnds: [],
    count: 0,
  };
  scanUnits(lower, unitsOf(lower, scratch), found);
  return group(found);
}

/** What one pass over a text finds; `offsets[s + 1]` counts the words in slot `s`. */
interface Found {
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly slots: Uint16Array;
  readonly offsets: Int32Array;
  readonly runStarts: number[];
  readonly runEnds: number[];
  count: number;
}

/** The pass itself, alone in its function so that the optimiser sees only this loop. */
function scanUnits(lower: string, units: Uint8Array | Uint16Array, found: Found): void {
  const { starts, ends, slots, offsets, runStarts, runEnds } = found;
  const n = units.length;
  let count = 0;
  let inWord = false;
  // Words that start with an ASCII digit are never listed words, so they are not kept.
  let keeping = false;
  let inDigits = false;
  for (let i = 0; i < n; i += 1) {
    const c = units[i]!;
    if (c < 128) {
      const kind = ASCII_KIND[c]!;
      const isDigit = kind === DIGIT;
      if (isDigit !== inDigits) {
        if (inDigits) runEnds.push(i);
        else runStarts.push(i);
        inDigits = isDigit;
      }
      if (kind === 0) {
        if (inWord) {
          if (keeping) ends[count - 1] = i;
          inWord = false;
        }
      } else if (!inWord) {
        inWord = true;
        keeping = !isDigit;
        if (keeping) {
          const slot = slotOf(c, i + 1 < n ? units[i + 1]! : 0, i + 2 < n ? units[i + 2]! : 0);
          starts[count] = i;
          slots[count] = slot;
          offsets[slot + 1]! += 1;
          count += 1;
        }
      }
      continue;
    }
    if (inDigits) {
      runEnds.push(i);
      inDigits = false;
    }
    const pair = c >= 0xd800 && c <= 0xdbff && i + 1 < n && isLowSurrogate(units[i + 1]!);
    const isWord = pair ? LETTER_OR_NUMBER.test(lower.slice(i, i + 2)) : isWordUnit(c);
    if (isWord && !inWord) {
      keeping = true;
      const slot = slotOf(c, i + 1 < n ? units[i + 1]! : 0, i + 2 < n ? units[i + 2]! : 0);
      starts[count] = i;
      slots[count] = slot;
      offsets[slot + 1]! += 1;
      count += 1;
    } else if (!isWord && inWord && keeping) ends[count - 1] = i;
    inWord = isWord;
    if (pair) i += 1;
  }
  if (inWord && keeping) ends[count - 1] = n;
  if (inDigits) runEnds.push(n);
  found.count = count;
}

/** Groups the words found by slot with a counting sort, unless they are few; copies what it keeps. */
function group(found: Found): Words {
  const { starts, ends, slots, count } = found;
  const runs = { starts: Int32Array.from(found.runStarts), ends: Int32Array.from(found.runEnds) };
  if (count < GROUP_FROM_WORDS) {
    return {
      offsets: undefined,
      positions: starts.slice(0, count),
      slots: slots.slice(0, count),
      ends: ends.slice(0, count),
      runs,
    };
  }
  const offsets = found.offsets.slice();
  for (let s = 0; s < SLOTS; s += 1) offsets[s + 1]! += offsets[s]!;
  const fill = offsets.slice(0, SLOTS);
  const positions = new Int32Array(count);
  const sortedEnds = new Int32Array(count);
  for (let k = 0; k < count; k += 1) {
    const at = fill[slots[k]!]!++;
    positions[at] = starts[k]!;
    sortedEnds[at] = ends[k]!;
  }
  return { offsets, positions, slots: NO_SLOTS, ends: sortedEnds, runs };
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
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

/** What to compare at the word starts of one slot. */
interface SlotPlan {
  readonly prefixes: string[];
  readonly wholeWords: string[];
}

/** Prefixes and whole words grouped by the slots their words fall in; worked out once per list. */
const plans = new WeakMap<readonly string[], WeakMap<readonly string[], Map<number, SlotPlan>>>();

function planFor(prefixes: readonly string[], wholeWords: readonly string[]): Map<number, SlotPlan> {
  let byWhole = plans.get(prefixes);
  if (byWhole === undefined) {
    byWhole = new WeakMap();
    plans.set(prefixes, byWhole);
  }
  let plan = byWhole.get(wholeWords);
  if (plan === undefined) {
    const built = new Map<number, SlotPlan>();
    const add = (lead: string, kind: 'prefixes' | 'wholeWords') => {
      if (lead === '') throw new Error('an empty prefix would match every word');
      if (/^\d/.test(lead))
        throw new Error(`words that start with a digit are not indexed: ${JSON.stringify(lead)}`);
      for (const slot of leadSlots(lead)) {
        const entry = built.get(slot) ?? { prefixes: [], wholeWords: [] };
        entry[kind].push(lead);
        built.set(slot, entry);
      }
    };
    for (const prefix of prefixes) add(prefix, 'prefixes');
    for (const word of wholeWords) add(word, 'wholeWords');
    plan = built;
    byWhole.set(wholeWords, plan);
  }
  return plan;
}

/**
 * The slots a word beginning with `lead` can fall in: one for a lead of three or more units;
 * a shorter lead may be followed by anything, so every folded value of the units it lacks.
 */
function leadSlots(lead: string): Set<number> {
  const slots = new Set<number>();
  const unit = (k: number, free: number) => (k < lead.length ? lead.charCodeAt(k) : free);
  const seconds = lead.length >= 2 ? 1 : FOLDED_UNITS;
  const thirds = lead.length >= 3 ? 1 : FOLDED_UNITS;
  for (let second = 0; second < seconds; second += 1) {
    for (let third = 0; third < thirds; third += 1) {
      slots.add(slotOf(lead.charCodeAt(0), unit(1, second), unit(2, third)));
    }
  }
  return slots;
}

function startsWithin(
  lower: string,
  words: Words,
  prefixes: readonly string[],
  wholeWords: readonly string[],
): number[] {
  const out: number[] = [];
  const plans = planFor(prefixes, wholeWords);
  const { offsets, positions, ends } = words;
  if (offsets === undefined) {
    for (let k = 0; k < positions.length; k += 1) {
      const plan = plans.get(words.slots[k]!);
      if (plan !== undefined && fits(lower, plan, positions[k]!, ends[k]!)) out.push(positions[k]!);
    }
    return out;
  }
  for (const [slot, plan] of plans) {
    const to = offsets[slot + 1]!;
    for (let k = offsets[slot]!; k < to; k += 1) {
      if (fits(lower, plan, positions[k]!, ends[k]!)) out.push(positions[k]!);
    }
  }
  return out.sort((x, y) => x - y);
}

/** True when the word at `start` is one of the plan's whole words or begins with one of its prefixes. */
function fits(lower: string, plan: SlotPlan, start: number, end: number): boolean {
  const { wholeWords, prefixes } = plan;
  for (let i = 0; i < wholeWords.length; i += 1) {
    const word = wholeWords[i]!;
    if (word.length === end - start && lower.startsWith(word, start)) return true;
  }
  for (let i = 0; i < prefixes.length; i += 1) if (lower.startsWith(prefixes[i]!, start)) return true;
  return false;
}

/** `candidates` in ascending order: as given when they already are (most lists are built in order). */
function ascending(candidates: ArrayLike<number>): ArrayLike<number> {
  for (let k = 1; k < candidates.length; k += 1) {
    if (candidates[k]! < candidates[k - 1]!) return Int32Array.from(candidates).sort();
  }
  return candidates;
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
  const sorted = ascending(candidates);
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
  const sorted = ascending(candidates);
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
  for (let i = 0; i < set.length; i += 1) if (set.charCodeAt(i) === c) return true;
  return false;
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

/** How listed words begin: see {@link wordLeads}. */
export interface WordLeads {
  readonly prefixes: readonly string[];
  readonly wholeWords: readonly string[];
}

const ALL_LETTERS_OR_NUMBERS = /^[\p{L}\p{N}]+$/u;

/**
 * How each listed word of a word-list pattern begins, lower-cased: a word that is one run of
 * letters and numbers must be a whole word of the text (the pattern ends on a word boundary);
 * any other word must begin with its part up to the first space or apostrophe, which such
 * patterns let vary (`[\s-]` for a space, an optional `'` or `’`).
 */
export function wordLeads(words: readonly string[]): WordLeads {
  const prefixes = new Set<string>();
  const wholeWords = new Set<string>();
  for (const word of words) {
    const segment = word.split(/[ '\u2019]/)[0] ?? '';
    if (segment === '') throw new Error(`listed word ${JSON.stringify(word)} starts with a separator`);
    if (segment === word && ALL_LETTERS_OR_NUMBERS.test(word)) wholeWords.add(word.toLowerCase());
    else prefixes.add(segment.toLowerCase());
  }
  return { prefixes: [...prefixes], wholeWords: [...wholeWords] };
}
