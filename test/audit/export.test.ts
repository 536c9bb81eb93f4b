import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { generatedEntry } from '../../local/audit-seed.ts';
import { CSV_COLUMNS, csvPage, jsonLinesPage, TABLE_HEADERS, tableRow } from '../../shared/audit/export.ts';

describe('Audit export', () => {
  const entries = [0, 1, 2].map((i) => generatedEntry(i));

  it('writes CSV with one header, quoting what needs it', () => {
    const withComma = { ...entries[1]!, outcome: { note: 'a, "b"' } };
    const text = csvPage([entries[0]!, withComma], true) + csvPage([entries[2]!], false);
    const rows = parse(text, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(3);
    expect(Object.keys(rows[0]!)).toEqual(CSV_COLUMNS.map(([name]) => name));
    expect(rows[1]?.outcome).toBe('{"note":"a, \\"b\\""}');
    expect(rows[1]?.rules).toBe(entries[1]?.ruleId);
    expect(rows[2]?.officer).toBe(entries[2]?.officer);
  });

  it('writes one JSON object per line and a row per entry', () => {
    const lines = jsonLinesPage(entries).trimEnd().split('\n');
    expect(lines.map((line) => JSON.parse(line))).toEqual(entries);
    expect(tableRow(entries[0]!)).toHaveLength(TABLE_HEADERS.length);
  });
});
