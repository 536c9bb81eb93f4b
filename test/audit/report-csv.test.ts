import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { csvFileName, tableCsv } from '../../shared/audit/report-csv.ts';
import type { ReportTable } from '../../shared/audit/report-document.ts';

const TABLE: ReportTable = {
  id: 'spoofing',
  caption: 'Spoofed trusted domains',
  columns: [{ label: 'Mailbox' }, { label: 'Domain claimed' }, { label: 'Messages', numeric: true }],
  rows: [
    ['a@council.example.gov.uk', 'gov.uk', 1234],
    ['b@council.example.gov.uk', 'a "quoted", comma\nand newline', 2],
    ['c@council.example.gov.uk', '=HYPERLINK("https://evil.example","x")', 3],
    ['d@council.example.gov.uk', '@SUM(1)', null],
  ],
  empty: 'none',
};

describe('Monthly report CSV', () => {
  const rows = parse(tableCsv(TABLE)) as string[][];

  it('has the column headings, then each row with its figures unformatted', () => {
    expect(rows[0]).toEqual(['Mailbox', 'Domain claimed', 'Messages']);
    expect(rows[1]).toEqual(['a@council.example.gov.uk', 'gov.uk', '1234']);
    expect(rows).toHaveLength(TABLE.rows.length + 1);
  });

  it('keeps quotes, commas and newlines inside a cell', () => {
    expect(rows[2]?.[1]).toBe('a "quoted", comma\nand newline');
  });

  it('defuses text that a spreadsheet would run as a formula, and leaves a missing figure empty', () => {
    expect(rows[3]?.[1]).toBe('\'=HYPERLINK("https://evil.example","x")');
    expect(rows[4]).toEqual(['d@council.example.gov.uk', "'@SUM(1)", '']);
  });

  it('writes a header even for an empty table, and names files by month and table', () => {
    expect(parse(tableCsv({ ...TABLE, rows: [] }))).toEqual([['Mailbox', 'Domain claimed', 'Messages']]);
    expect(csvFileName('2026-11', TABLE)).toBe('audit-report-2026-11-spoofing.csv');
  });
});
