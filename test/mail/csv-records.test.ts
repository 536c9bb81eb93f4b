import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords } from '../../shared/mail/csv-records.ts';

const byParser = (text: string) =>
  (
    parse(text, { raw: true, bom: true, relax_column_count: true, skip_empty_lines: true }) as unknown as {
      raw: string;
    }[]
  ).map((r) => r.raw);

const PLAIN = ['a', 'B1', ' ', ',', 'é', '\r\n', '\n', '\r', '#', '\t'];

/** Texts of cells, commas and every kind of line break; with quotes and BOMs now and then, or never. */
const csvLike = fc.oneof(
  fc.array(fc.constantFrom(...PLAIN), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.array(fc.constantFrom(...PLAIN, '"', '""', '\ufeff'), { maxLength: 40 }).map((parts) => parts.join('')),
);

function outcome(read: (text: string) => string[], text: string) {
  try {
    return { records: read(text) };
  } catch {
    return { error: true };
  }
}

describe('csvRecords', () => {
  it('reads exactly what csv-parse reads, or fails where it fails', () => {
    fc.assert(
      fc.property(csvLike, (text) => {
        expect(outcome(csvRecords, text)).toEqual(outcome(byParser, text));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits a plain CSV on the first kind of line break it meets, keeping its first character', () => {
    expect(csvRecords('h1,h2\r\n1,2\n3\r\n4')).toEqual(['h1,h2\r', '1,2\n3\r', '4']);
    expect(csvRecords('h\rx\r')).toEqual(['h\r', 'x\r']);
    expect(csvRecords('')).toEqual([]);
  });

  it('leaves quoted fields, blank lines and a byte-order mark to the parser', () => {
    expect(csvRecords('a,"b,c"\n\nd\n')).toEqual(byParser('a,"b,c"\n\nd\n'));
    expect(csvRecords('\ufeffa\nb')).toEqual(['a\n', 'b']);
  });
});
