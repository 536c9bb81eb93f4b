/**
 * The monthly report's tables as CSV, one file per table, with the page's captions and column
 * headings: the figures the HTML shows, unformatted (no grouping commas; an empty cell where the
 * page shows a dash), for spreadsheets. Written by csv-stringify, like `caveat audit query --csv`.
 * Reporter names and domains come from outside (a DMARC report, a From header), so a text that
 * starts like a formula (`=`, `+`, `-`, `@`) is prefixed with `'` and never run by a spreadsheet.
 */
import { stringify } from 'csv-stringify/sync';
import type { ReportTable } from './report-document.ts';

/** The file name of `table`'s CSV for the month `monthId` (`YYYY-MM`). */
export function csvFileName(monthId: string, table: ReportTable): string {
  return `audit-report-${monthId}-${table.id}.csv`;
}

/** One table as CSV text: a header row of the column headings, then its rows. */
export function tableCsv(table: ReportTable): string {
  return stringify(
    table.rows.map((row) => row.map((cell) => cell ?? '')),
    { header: true, columns: table.columns.map((column) => column.label), escape_formulas: true },
  );
}
