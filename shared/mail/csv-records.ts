import { parse } from 'csv-parse/sync';

/** How csv-parse is asked to read an attached CSV: whole raw records, any column count, blank lines skipped. */
const OPTIONS = { raw: true, bom: true, relax_column_count: true, skip_empty_lines: true } as const;

/**
 * The raw records of a CSV text (each with its line break, if it had one), exactly as csv-parse
 * reads them with {@link OPTIONS}; throws where csv-parse throws. Most attached CSV has no quotes,
 * no byte-order mark and no blank lines: that shape is split on its line break without the
 * parser, which otherwise costs more than the rest of reading the attachment.
 */
export function csvRecords(text: string): string[] {
  return plainRecords(text) ?? (parse(text, OPTIONS) as unknown as { raw: string }[]).map((r) => r.raw);
}

/**
 * Records of a text with no quote, no BOM and no blank line, or undefined for any other text.
 * csv-parse takes the first line break it meets (`\r\n`, `\n` or `\r`) as the record delimiter
 * and reads any other break as field content; a raw record keeps the delimiter's first character
 * only; a last line without a break is a record too.
 */
function plainRecords(text: string): string[] | undefined {
  if (text.includes('"') || text.charCodeAt(0) === 0xfeff) return undefined;
  const firstBreak = text.search(/[\r\n]/);
  if (firstBreak < 0) return text === '' ? [] : [text];
  const delimiter = text.startsWith('\r\n', firstBreak) ? '\r\n' : text[firstBreak]!;
  if (text.startsWith(delimiter) || text.includes(delimiter + delimiter)) return undefined;
  const lines = text.split(delimiter);
  const last = lines.pop()!;
  const kept = delimiter[0]!;
  const records = lines.map((line) => line + kept);
  if (last !== '') records.push(last);
  return records;
}
