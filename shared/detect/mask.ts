/** Characters kept in place when masking: they show a value's shape, not its content. */
const SEPARATOR = /[\s\-/.@()+:,]/u;
const ASCII_SEPARATORS = new Set([' ', '\t', '\n', '\r', '-', '/', '.', '@', '(', ')', '+', ':', ',']);

/** ASCII is answered from a set (masking runs once per finding); anything else by the pattern. */
function isSeparator(ch: string): boolean {
  return ch.charCodeAt(0) < 128 ? ASCII_SEPARATORS.has(ch) : SEPARATOR.test(ch);
}

/**
 * How many trailing letters or digits a value of `length` letters and digits may reveal.
 * Short values reveal fewer so that a mask never gives most of a value away.
 */
export function revealCount(length: number): number {
  if (length <= 3) return 0;
  if (length <= 5) return 1;
  if (length <= 7) return 2;
  if (length <= 11) return 3;
  return 4;
}

/**
 * Masks every letter and digit of `value` except the last 2–4 (fewer for short values),
 * keeping separators so the shape stays readable: `4111 1111 1111 1111` → `**** **** **** 1111`.
 */
export function mask(value: string): string {
  // Masking runs once per finding: values without surrogate pairs are masked unit by unit.
  if (!HAS_SURROGATE.test(value)) return maskUnits(value);
  const chars = Array.from(value);
  let significant = 0;
  for (const ch of chars) if (!isSeparator(ch)) significant += 1;
  let toReveal = revealCount(significant);
  for (let i = chars.length - 1; i >= 0; i -= 1) {
    const ch = chars[i]!;
    if (isSeparator(ch)) continue;
    if (toReveal > 0) toReveal -= 1;
    else chars[i] = '*';
  }
  return chars.join('');
}

const HAS_SURROGATE = /[\ud800-\udfff]/;

/** {@link mask} for a value whose characters are all single UTF-16 units. */
function maskUnits(value: string): string {
  const n = value.length;
  let significant = 0;
  for (let i = 0; i < n; i += 1) if (!isSeparator(value[i]!)) significant += 1;
  // Significant characters from `revealFrom` on stay; those before it are masked.
  let toReveal = revealCount(significant);
  let revealFrom = n;
  for (let i = n - 1; i >= 0 && toReveal > 0; i -= 1) {
    if (isSeparator(value[i]!)) continue;
    toReveal -= 1;
    revealFrom = i;
  }
  let out = '';
  for (let i = 0; i < n; i += 1) {
    const ch = value[i]!;
    out += i < revealFrom && !isSeparator(ch) ? '*' : ch;
  }
  return out;
}
