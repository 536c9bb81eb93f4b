import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { generatedMonthEntries } from '../../local/report-seed.ts';
import { htmlFileName, monthlyReport } from '../../shared/audit/monthly-report.ts';
import type { AuditQueryPlan } from '../../shared/audit/query.ts';
import { reportDocument, reportTables } from '../../shared/audit/report-document.ts';
import { reportFigures } from '../../shared/audit/report-figures.ts';
import { parseReportMonth } from '../../shared/audit/report-month.ts';
import { MemoryAuditStore } from './fakes.ts';

const NOW = new Date('2026-12-03T08:00:00.000Z');

describe('Monthly report', () => {
  const store = new MemoryAuditStore();
  const entries = [...generatedMonthEntries('2026-10', 30), ...generatedMonthEntries('2026-11', 90)];
  for (const entry of entries) store.append(entry);
  const plans: AuditQueryPlan[] = [];
  const reader = {
    query: (plan: AuditQueryPlan) => {
      plans.push(plan);
      return store.query(plan);
    },
  };
  const month = parseReportMonth('2026-11');
  const made = monthlyReport({ reader, clock: { now: () => NOW } })(month);

  it('reads the month day by day on the by-day path, not by any other key', async () => {
    await made;
    expect(plans).toHaveLength(1);
    expect(plans[0]).toMatchObject({
      kind: 'days',
      range: { from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.999Z' },
    });
    expect(plans[0]?.kind === 'days' && plans[0].days).toHaveLength(30);
  });

  it('writes the page first, then a CSV per table, with the figures of the month alone', async () => {
    const report = await made;
    const expected = reportFigures(
      month,
      entries.filter((e) => e.day.startsWith('2026-11')),
    );
    expect(report.figures).toEqual(expected);
    const tables = reportTables(reportDocument(expected, NOW));
    expect(report.files.map((f) => f.name)).toEqual([
      htmlFileName('2026-11'),
      ...tables.map((t) => `audit-report-2026-11-${t.id}.csv`),
    ]);
    for (const [i, table] of tables.entries()) {
      const rows = parse(report.files[i + 1]?.content ?? '') as string[][];
      expect(rows.slice(1)).toEqual(table.rows.map((row) => row.map((cell) => String(cell ?? ''))));
    }
    expect(report.files[0]?.content).toContain('<h1>Caveat audit report: November 2026</h1>');
  });
});
