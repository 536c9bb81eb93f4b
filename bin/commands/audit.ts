import { parseArgs } from 'node:util';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { S3AuditDigestStore } from '../../shared/adapters/s3-audit-digest-store.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { daysBetween } from '../../shared/audit/chain.ts';
import { digestDays } from '../../shared/audit/digest.ts';
import { AuditQueryError, timeRange } from '../../shared/audit/query.ts';
import { type TamperFinding, verifyAuditLog } from '../../shared/audit/verify.ts';
import {
  type AuditCommandContext,
  type AuditSubcommand,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  withConnection,
} from '../audit-connection.ts';
import { type CommandIo, EXIT_OK, UsageError } from '../cli-support.ts';
import { AUDIT_QUERY_USAGE, AUDIT_SHOW_USAGE, auditQueryCommand, auditShowCommand } from './audit-query.ts';
import { AUDIT_REPORT_USAGE, auditReportCommand } from './audit-report.ts';

export const AUDIT_VERIFY_USAGE = `caveat audit verify [--from DAY] [--to DAY] [--json] ${CONNECTION_USAGE}`;
export const AUDIT_DIGEST_USAGE = `caveat audit digest [--from DAY] [--to DAY] ${CONNECTION_USAGE}`;
export const AUDIT_USAGES = [
  AUDIT_QUERY_USAGE,
  AUDIT_SHOW_USAGE,
  AUDIT_VERIFY_USAGE,
  AUDIT_DIGEST_USAGE,
  AUDIT_REPORT_USAGE,
];

/** `audit verify` found an entry altered, inserted or removed. */
export const EXIT_TAMPERED = 3;
/** Days `verify` and `digest` cover when no range is given. */
const DEFAULT_DAYS = 7;

const DEFAULT_CONTEXT: AuditCommandContext = { clock: systemClock, env: process.env };

/** The days from `--from` to `--to` (inclusive); by default the last week, today included. */
export function dayRange(values: { from?: string; to?: string }, now: Date): string[] {
  const today = now.toISOString().slice(0, 10);
  const start = new Date(now);
  start.setUTCDate(start.getUTCDate() - (DEFAULT_DAYS - 1));
  const range = timeRange({ from: values.from ?? start.toISOString().slice(0, 10), to: values.to ?? today });
  return daysBetween((range?.from ?? '').slice(0, 10), (range?.to ?? '').slice(0, 10));
}

function describe(finding: TamperFinding): string {
  const where = [
    finding.chain,
    finding.chainSeq !== undefined ? `#${finding.chainSeq}` : undefined,
    finding.messageId !== undefined ? `message ${finding.messageId}` : undefined,
    finding.seq !== undefined ? `entry ${finding.seq}` : undefined,
  ].filter(Boolean);
  return `${finding.kind.toUpperCase().padEnd(8)} ${where.join('  ')}: ${finding.detail}`;
}

const verifyCommand: AuditSubcommand = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'boolean' },
    },
  });
  const days = dayRange(values, context.clock.now());
  const report = await withConnection(values, context.env, (c) => {
    const reader = new DynamoDbAuditReader(c.dynamodb, c.table);
    return verifyAuditLog({
      chains: reader,
      reader,
      digests: new S3AuditDigestStore(c.s3, c.digestBucket()),
    })(days);
  });
  const undigested = report.chains.filter((chain) => !chain.digested).map((chain) => chain.chain);
  if (values.json) {
    io.out(JSON.stringify({ ...report, undigested }));
  } else {
    const digested = report.chains.length - undigested.length;
    io.out(
      `Audit log ${days[0]} to ${days.at(-1)}: ${report.chains.length} chains (${digested} digested), ${report.entries} entries.`,
    );
    for (const finding of report.findings) io.out(describe(finding));
    if (undigested.length > 0) {
      io.out(`Not digested yet, checked against their own links only: ${undigested.join(', ')}`);
    }
    io.out(
      report.ok
        ? 'OK: no entry altered, inserted or removed.'
        : `FAILED: ${report.findings.length} entries altered, inserted or removed.`,
    );
  }
  return report.ok ? EXIT_OK : EXIT_TAMPERED;
};

const digestCommand: AuditSubcommand = async (args, io, context) => {
  const { values } = parseArgs({
    args,
    options: { ...CONNECTION_OPTIONS, from: { type: 'string' }, to: { type: 'string' } },
  });
  const days = dayRange(values, context.clock.now());
  const run = await withConnection(values, context.env, (c) =>
    digestDays({
      chains: new DynamoDbAuditReader(c.dynamodb, c.table),
      digests: new S3AuditDigestStore(c.s3, c.digestBucket()),
      clock: context.clock,
    })(days),
  );
  io.out(`Digested ${run.digested.length} chains; ${run.skipped.length} already digested.`);
  for (const chain of run.digested) io.out(`  ${chain}`);
  return EXIT_OK;
};

const SUBCOMMANDS: Record<string, AuditSubcommand> = {
  query: auditQueryCommand,
  show: auditShowCommand,
  verify: verifyCommand,
  digest: digestCommand,
  report: auditReportCommand,
};

/** `caveat audit <query|show|verify|digest|report>`. */
export async function auditCommand(
  args: string[],
  io: CommandIo,
  context: AuditCommandContext = DEFAULT_CONTEXT,
): Promise<number> {
  const [name, ...rest] = args;
  const run = name ? SUBCOMMANDS[name] : undefined;
  if (!run) throw new UsageError(name ? `unknown audit command "${name}"` : 'audit needs a command');
  try {
    return await run(rest, io, context);
  } catch (error) {
    if (error instanceof AuditQueryError) throw new UsageError(error.message);
    throw error;
  }
}
