/**
 * The monthly report as one self-contained HTML file: inline CSS, SVG charts drawn on the server,
 * no script and nothing loaded from anywhere (its Content-Security-Policy forbids it), so it can
 * be mailed, archived and printed as it is. Rendered with Nunjucks, autoescaping on, so a rule id
 * or a domain from the log is always shown as text.
 */
import { join } from 'node:path';
import { createViews } from '../web/views.ts';
import { layoutBarChart } from './report-chart.ts';
import type { Cell, ReportDocument, ReportTable } from './report-document.ts';

const views = createViews({ viewDirs: [join(import.meta.dirname, 'views')] });

/** How a figure is written in the page: whole numbers grouped (1,234), others to one decimal. */
export function formatCell(cell: Cell): string {
  if (cell === null) return '–';
  if (typeof cell === 'string') return cell;
  return Number.isInteger(cell)
    ? cell.toLocaleString('en-GB')
    : cell.toLocaleString('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

function tableView(table: ReportTable) {
  return {
    id: table.id,
    caption: table.caption,
    empty: table.empty,
    columns: table.columns.map((column) => ({ label: column.label, numeric: column.numeric === true })),
    rows: table.rows.map((row) =>
      row.map((cell, i) => ({ text: formatCell(cell), numeric: table.columns[i]?.numeric === true })),
    ),
  };
}

const dateTime = (iso: string) => iso.replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');

/** The report's HTML. */
export function renderReportHtml(document: ReportDocument): string {
  return views('audit-report.njk', {
    title: document.title,
    monthLabel: document.monthLabel,
    from: dateTime(document.from),
    to: dateTime(document.to),
    generatedAt: dateTime(document.generatedAt),
    partial: document.partial,
    empty: document.empty,
    summary: tableView(document.summary),
    sections: document.sections.map((section) => ({
      id: section.id,
      heading: section.heading,
      intro: section.intro,
      blocks: section.blocks.map((block) =>
        block.kind === 'text'
          ? { kind: 'text', text: block.text }
          : block.kind === 'table'
            ? { kind: 'table', table: tableView(block.table) }
            : {
                kind: 'chart',
                id: block.chart.id,
                title: block.chart.title,
                description: block.chart.description,
                layout: layoutBarChart(block.chart, formatCell),
                table: tableView(block.table),
              },
      ),
    })),
  });
}
