import { parseArgs } from 'node:util';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { csvPage, jsonLinesPage, TABLE_HEADERS, tableRow } from '../../shared/audit/export.ts';
import { type AuditFilters, planAuditQuery } from '../../shared/audit/query.ts';
import { timelineLines } from '../../shared/audit/timeline.ts';
import {
  type AuditSubcommand,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  withConnection,
} from '../audit-connection.ts';
import { EXIT_OK, table, UsageError } from '../cli-support.ts';

export const AUDIT_QUERY_USAGE =
  'caveat audit query [--from T] [--to T] [--mailbox A] [--action A] [--classification C] [--rule ID] ' +
  `[--policy-version V] [--sender-domain D] [--message-id ID] [--officer O] [--stage S] [--json | --csv] [--limit N] ${CONNECTION_USAGE}`;
export const AUDIT_SHOW_USAGE = `caveat audit show <message-id> [--json] ${CONNECTION_USAGE}`;

/** Entries a plain-text table shows unless --limit says otherwise (it is laid out in memory). */
const TABLE_LIMIT = 1000;
/** An export reports its progress on standard error each time it passes a multiple of this. */
const PROGRESS_EVERY = 1000;

const FILTER_OPTIONS = {
  from: { type: 'string' },
  to: { type: 'string' },
  mailbox: { type: 'string' },
  action: { type: 'string' },
  classification: { type: 'string' },
  rule: { type: 'string' },
  'policy-version': { type: 'string' },
  'sender-domain': { type: 'string' },
  'message-id': { type: 'string' },
  officer: { type: 'string' },
  stage: { type: 'string' },
} as const;

function filtersOf(values: Partial<Record<keyof typeof FILTER_OPTIONS, string>>): AuditFilters {
  const pairs: [keyof AuditFilters, string | undefined][] = [
    ['from', values.from],
    ['to', values.to],
    ['mailbox', values.mailbox?.toLowerCase()],
    ['action', values.action],
    ['classification', values.classification?.toUpperCase()],
    ['ruleId', values.rule],
    ['policyVersion', values['policy-version']],
    ['senderDomain', values['sender-domain']?.toLowerCase()],
    ['messageId', values['message-id']],
    ['officer', values.officer],
    ['stage', values.stage],
  ];
  return Object.fromEntries(pairs.filter(([, value]) => value !== undefined));
}

function positiveInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new UsageError(`--${name} ${text}: expected a whole number above 0`);
  return n;
}

export const auditQueryCommand: AuditSubcommand = async (args, io, context) => {
  const { values, positionals } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      ...FILTER_OPTIONS,
      json: { type: 'boolean' },
      csv: { type: 'boolean' },
      limit: { type: 'string' },
    },
  });
  if (positionals.length > 0)
    throw new UsageError(`audit query takes no arguments (got ${positionals.join(' ')})`);
  if (values.json && values.csv) throw new UsageError('give --json or --csv, not both');
  const plan = planAuditQuery(filtersOf(values), context.clock.now());
  const format = values.json ? 'json' : values.csv ? 'csv' : 'table';
  const limit = positiveInteger(values.limit, 'limit') ?? (format === 'table' ? TABLE_LIMIT : Infinity);

  return withConnection(values, context.env, async (c) => {
    const reader = new DynamoDbAuditReader(c.dynamodb, c.table);
    const rows: string[][] = [];
    let count = 0;
    let reported = 0;
    for await (const page of reader.query(plan)) {
      const taken = page.slice(0, limit - count);
      if (format === 'json') io.out(jsonLinesPage(taken).trimEnd());
      else if (format === 'csv') io.out(csvPage(taken, count === 0).trimEnd());
      else rows.push(...taken.map(tableRow));
      const before = count;
      count += taken.length;
      if (format !== 'table' && Math.floor(count / PROGRESS_EVERY) > Math.floor(before / PROGRESS_EVERY)) {
        io.err(`caveat audit: ${count} entries exported…`);
        reported = count;
      }
      if (count >= limit) break;
    }
    if (format === 'csv' && count === 0) io.out(csvPage([], true).trimEnd());
    if (format === 'table') {
      for (const line of table(TABLE_HEADERS, rows)) io.out(line);
      io.out(
        `${count} entries${count >= limit ? ` (first ${limit}; use --limit, --json or --csv for more)` : ''}.`,
      );
    } else if (reported > 0) {
      io.err(`caveat audit: ${count} entries exported.`);
    }
    return EXIT_OK;
  });
};

export const auditShowCommand: AuditSubcommand = async (args, io, context) => {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { ...CONNECTION_OPTIONS, json: { type: 'boolean' } },
  });
  const [messageId, ...extra] = positionals;
  if (!messageId || extra.length > 0) throw new UsageError('audit show takes exactly one message id');
  return withConnection(values, context.env, async (c) => {
    const entries = await new DynamoDbAuditReader(c.dynamodb, c.table).timeline(messageId);
    if (values.json) io.out(jsonLinesPage(entries).trimEnd());
    else for (const line of timelineLines(messageId, entries)) io.out(line);
    return EXIT_OK;
  });
};
