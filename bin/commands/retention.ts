/**
 * `caveat retention sweep`: the scheduled retention sweep, run by hand against the local stack
 * or a deployed one, with the same code and the retention of the deployment's configuration.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { RETENTION_SWEEP_ACTOR, sweepOn } from '../../functions/retention-sweep/wiring.ts';
import { type CaveatConfig, loadConfig } from '../../infra/config.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import type { Deletion } from '../../shared/retention/plan.ts';
import { failedDeletions, type SweepReport } from '../../shared/retention/sweep.ts';
import {
  type AuditCommandContext,
  type AuditConnection,
  CONNECTION_OPTIONS,
  CONNECTION_USAGE,
  withConnection,
} from '../audit-connection.ts';
import { type CommandIo, EXIT_INPUT, EXIT_OK, UsageError } from '../cli-support.ts';

export const RETENTION_SWEEP_USAGE = `caveat retention sweep [--now TIME] [--dry-run] [--json] [--config FILE] [--bucket B] [--holds-table T] [--links-table T] ${CONNECTION_USAGE}`;

/** The stack outputs naming what the sweep touches (infra/stacks/caveat-stack.ts). */
export const SWEEP_OUTPUTS = {
  bucket: 'MailBucketName',
  holds: 'HoldsTableName',
  links: 'PortalLinksTableName',
} as const;

/** The local stack's names (local/stack.ts, local/create-tables.ts). */
const LOCAL_NAMES = { bucket: 'caveat-mail', holds: 'caveat-holds', links: 'caveat-portal-links' };

const DEFAULT_CONTEXT: AuditCommandContext = { clock: systemClock, env: process.env };

/** `--config FILE` (a configuration JSON file), else the `caveat` context of the repository's cdk.json. */
function readConfig(file: string | undefined): CaveatConfig {
  if (file !== undefined)
    return loadConfig({ tryGetContext: (key) => (key === 'caveatConfig' ? file : undefined) });
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8')) as {
    context?: Record<string, unknown>;
  };
  return loadConfig({ tryGetContext: (key) => cdkJson.context?.[key] });
}

function parseNow(value: string | undefined, fallback: Date): Date {
  if (value === undefined) return fallback;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(time)) throw new UsageError(`--now: not a date or ISO-8601 time: ${value}`);
  return new Date(time);
}

/** A name from its option, the stack's output, or the local stack; a usage error naming the option if none. */
function nameOf(
  connection: AuditConnection,
  given: string | undefined,
  output: string,
  local: string,
  option: string,
): string {
  const name = given ?? connection.outputs.get(output) ?? (connection.local ? local : undefined);
  if (!name) throw new UsageError(`say where the sweep works: no ${output} output; pass ${option}`);
  return name;
}

function deletionLine(deletion: Deletion): string {
  const { entry } = deletion;
  return `  ${deletion.target.padEnd(12)} ${entry.mailbox}  ${entry.messageId}  ${entry.objectKey}`;
}

function summaryLines(report: SweepReport): string[] {
  const lines = [
    `Retention sweep at ${report.at}${report.dryRun ? ' (dry run: nothing deleted or recorded)' : ''}:`,
    `  ${'target'.padEnd(12)} ${'due'.padStart(6)} ${'deleted'.padStart(8)} ${'deferred'.padStart(9)} ${'kept'.padStart(6)} ${'failed'.padStart(7)}`,
  ];
  for (const [target, tally] of Object.entries(report.targets)) {
    const deferred = Object.values(tally.deferred).reduce((sum, n) => sum + n, 0);
    lines.push(
      `  ${target.padEnd(12)} ${String(tally.due).padStart(6)} ${String(tally.deleted).padStart(8)} ${String(deferred).padStart(9)} ${String(tally.kept).padStart(6)} ${String(tally.failed).padStart(7)}`,
    );
  }
  lines.push(
    `Audit entries written: ${report.recorded}${report.alreadyRecorded > 0 ? ` (${report.alreadyRecorded} found from an interrupted run)` : ''}.`,
  );
  return lines;
}

async function sweepCommand(args: string[], io: CommandIo, context: AuditCommandContext): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      ...CONNECTION_OPTIONS,
      now: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      config: { type: 'string' },
      bucket: { type: 'string' },
      'holds-table': { type: 'string' },
      'links-table': { type: 'string' },
    },
  });
  const now = parseNow(values.now, context.clock.now());
  const config = readConfig(values.config);
  const dryRun = values['dry-run'] === true;
  const listed: string[] = [];
  const report = await withConnection(values, context.env, (connection) =>
    sweepOn({
      s3: connection.s3,
      dynamodb: connection.dynamodb,
      bucket: nameOf(connection, values.bucket, SWEEP_OUTPUTS.bucket, LOCAL_NAMES.bucket, '--bucket'),
      tables: {
        decisions: connection.table,
        holds: nameOf(
          connection,
          values['holds-table'],
          SWEEP_OUTPUTS.holds,
          LOCAL_NAMES.holds,
          '--holds-table',
        ),
        portalLinks: nameOf(
          connection,
          values['links-table'],
          SWEEP_OUTPUTS.links,
          LOCAL_NAMES.links,
          '--links-table',
        ),
      },
      periods: config.retention,
      mailboxes: config.mailboxes.map((mailbox) => mailbox.address),
      auditYears: config.retention.auditYears,
      actor: `${RETENTION_SWEEP_ACTOR} (cli)`,
    })({ now, dryRun, onDeletion: (deletion) => listed.push(deletionLine(deletion)) }),
  );
  if (values.json) io.out(JSON.stringify(report));
  else {
    if (dryRun && listed.length > 0) {
      io.out('Due for deletion:');
      for (const line of listed) io.out(line);
    }
    for (const line of summaryLines(report)) io.out(line);
  }
  const failed = failedDeletions(report);
  if (failed > 0) {
    io.err(
      `caveat: ${failed} deletions failed (${report.failures.join(', ')}); run the sweep again to retry them`,
    );
    return EXIT_INPUT;
  }
  return EXIT_OK;
}

/** `caveat retention sweep`. */
export async function retentionCommand(
  args: string[],
  io: CommandIo,
  context: AuditCommandContext = DEFAULT_CONTEXT,
): Promise<number> {
  const [name, ...rest] = args;
  if (name !== 'sweep')
    throw new UsageError(name ? `unknown retention command "${name}"` : 'retention needs a command (sweep)');
  return sweepCommand(rest, io, context);
}
