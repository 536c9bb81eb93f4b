import { MAX_HEADER_BYTES } from './limits.ts';

/** One header field, unfolded (RFC 5322 §2.2.3), value trimmed and otherwise untouched. */
export interface HeaderField {
  /** Name as written. */
  readonly name: string;
  /** Name lower-cased, for comparison. */
  readonly key: string;
  readonly value: string;
}

/** The header section at the top of a message (or of any MIME part). */
export interface HeaderSection {
  readonly fields: readonly HeaderField[];
  /** Byte offset of the body: just after the blank line, or the input length when there is none. */
  readonly bodyOffset: number;
  /** A blank line ended the section (false when the input ended first). */
  readonly terminated: boolean;
  /** Lines that are neither a field nor a continuation (RFC 5322 §2.2 violations). */
  readonly malformedLines: number;
  /** The section ran past the byte cap; `fields` holds what came before it. */
  readonly exceeded: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
// ftext (RFC 5322 §3.6.8) then optional obsolete whitespace before the colon (§4.5.3).
const FIELD_START = /^([!-9;-~]+)[ \t]*:/;
const utf8 = new TextDecoder('utf-8');

/**
 * Splits the header section at the start of `raw` into unfolded fields, reading at most
 * `maxBytes`. Pure and bounded, so an SMTP listener can reuse it on the DATA it receives.
 * A leading mbox `From ` separator line is skipped. Header bytes are read as UTF-8 (RFC 6532).
 */
export function readHeaderSection(raw: Uint8Array, maxBytes: number = MAX_HEADER_BYTES): HeaderSection {
  const fields: HeaderField[] = [];
  let current: { name: string; parts: string[] } | undefined;
  let malformedLines = 0;
  let offset = 0;
  let first = true;

  const flush = (): void => {
    if (!current) return;
    const colon = current.parts[0]!.indexOf(':');
    const value = (current.parts[0]!.slice(colon + 1) + current.parts.slice(1).join('')).trim();
    fields.push({ name: current.name, key: current.name.toLowerCase(), value });
    current = undefined;
  };

  while (offset < raw.length) {
    if (offset >= maxBytes) {
      flush();
      return { fields, bodyOffset: offset, terminated: false, malformedLines, exceeded: true };
    }
    const lf = raw.indexOf(LF, offset);
    const next = lf === -1 ? raw.length : lf + 1;
    let end = lf === -1 ? raw.length : lf;
    if (end > offset && raw[end - 1] === CR) end--;

    if (end === offset) {
      flush();
      return { fields, bodyOffset: next, terminated: true, malformedLines, exceeded: false };
    }
    const line = utf8.decode(raw.subarray(offset, Math.min(end, offset + maxBytes)));
    const startsWithSpace = line[0] === ' ' || line[0] === '\t';
    const match = startsWithSpace ? null : FIELD_START.exec(line);

    if (match) {
      flush();
      current = { name: match[1]!, parts: [line] };
    } else if (startsWithSpace && current) {
      current.parts.push(line);
    } else if (first && line.startsWith('From ')) {
      // mbox separator written by some archivers: not part of the message
    } else if (first && !FIELD_START.test(line) && !/^[!-9;-~ ]{1,80}:/.test(line)) {
      // Not even field-shaped (a name, perhaps with spaces, then a colon): no header section.
      return { fields, bodyOffset: 0, terminated: false, malformedLines: 1, exceeded: false };
    } else {
      flush();
      malformedLines++;
    }
    first = false;
    offset = next;
  }
  flush();
  return { fields, bodyOffset: raw.length, terminated: false, malformedLines, exceeded: false };
}

/** How many fields of a given name (case-insensitive) the section has. */
export function countFields(section: HeaderSection, name: string): number {
  const key = name.toLowerCase();
  return section.fields.reduce((n, field) => (field.key === key ? n + 1 : n), 0);
}
