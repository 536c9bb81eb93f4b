/**
 * Makes the monthly audit report: reads the month's entries through the auditors' query path
 * (one DynamoDB Query per day on the by-day index, never a Scan) and renders the figures as an
 * HTML page and CSV files. Writing the files is the caller's.
 */
import type { Clock } from '../pipeline/ports.ts';
import type { AuditEntryReader } from './ports.ts';
import { planAuditQuery } from './query.ts';
import { csvFileName, tableCsv } from './report-csv.ts';
import { reportDocument, reportTables } from './report-document.ts';
import { type MonthlyFigures, monthlyFigures } from './report-figures.ts';
import { renderReportHtml } from './report-html.ts';
import type { ReportMonth } from './report-month.ts';

export interface MonthlyReportFile {
  readonly name: string;
  readonly content: string;
}

export interface MonthlyReport {
  readonly figures: MonthlyFigures;
  /** The HTML page first, then one CSV per table. */
  readonly files: readonly MonthlyReportFile[];
}

/** The HTML file's name for the month `monthId` (`YYYY-MM`). */
export const htmlFileName = (monthId: string) => `audit-report-${monthId}.html`;

/** The month's figures, read page by page. */
export async function readMonthlyFigures(
  reader: Pick<AuditEntryReader, 'query'>,
  month: ReportMonth,
  now: Date,
): Promise<MonthlyFigures> {
  const plan = planAuditQuery({ from: month.firstDay, to: month.lastDay }, now);
  const figures = monthlyFigures(month);
  for await (const page of reader.query(plan)) figures.add(page);
  return figures.figures();
}

export function monthlyReport(deps: { reader: Pick<AuditEntryReader, 'query'>; clock: Clock }) {
  return async (month: ReportMonth): Promise<MonthlyReport> => {
    const now = deps.clock.now();
    const figures = await readMonthlyFigures(deps.reader, month, now);
    const document = reportDocument(figures, now);
    return {
      figures,
      files: [
        { name: htmlFileName(month.id), content: renderReportHtml(document) },
        ...reportTables(document).map((table) => ({
          name: csvFileName(month.id, table),
          content: tableCsv(table),
        })),
      ],
    };
  };
}
