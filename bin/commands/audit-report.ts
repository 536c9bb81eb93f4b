import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { monthlyReport } from '../../shared/audit/monthly-report.ts';
import { parseReportMonth } from '../../shared/audit/report-month.ts';
import {
  type AuditSubcommand,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  withConnection,
} from '../audit-connection.ts';
import { EXIT_OK, UsageError } from '../cli-support.ts';

export const AUDIT_REPORT_USAGE = `caveat audit report --month YYYY-MM [--out DIR] ${CONNECTION_USAGE}`;

/** `caveat audit report`: the month's HTML report and its CSV files, written to `--out`. */
export const auditReportCommand: AuditSubcommand = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, month: { type: 'string' }, out: { type: 'string' } },
  });
  if (values.month === undefined) throw new UsageError('audit report needs --month YYYY-MM, e.g. 2026-11');
  const month = parseReportMonth(values.month);
  const out = values.out ?? `audit-report-${month.id}`;
  const report = await withConnection(values, context.env, (c) =>
    monthlyReport({ reader: new DynamoDbAuditReader(c.dynamodb, c.table), clock: context.clock })(month),
  );
  await mkdir(out, { recursive: true });
  for (const file of report.files) await writeFile(join(out, file.name), file.content, 'utf8');
  const [html, ...csv] = report.files;
  io.out(`Audit report for ${month.label}: ${report.figures.entries} entries read.`);
  io.out(`  ${join(out, html?.name ?? '')}`);
  io.out(`  ${csv.length} CSV files in ${out}`);
  return EXIT_OK;
};
