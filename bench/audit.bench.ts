/**
 * Audit query and export throughput on DynamoDB Local, each next to a raw Query loop (the same
 * Queries, items counted and dropped, no filtering or formatting) measured in the same run.
 *   node bench/audit.bench.ts [--records 100000] [--rounds 1]
 *
 * DynamoDB Local runs in memory: on disk, loading 100,000 entries (each written to the table and
 * up to ten indexes) takes several times longer, and the figures are about reading.
 */
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { generatedEntry, seedAuditEntries } from '../local/audit-seed.ts';
import { createTables, localTableNames } from '../local/create-tables.ts';
import { startDynamoDbLocal } from '../local/dynamodb-local.ts';
import { dynamoDbClient } from '../shared/adapters/aws-clients.ts';
import { DynamoDbAuditReader, FILTER_INDEXES } from '../shared/adapters/dynamodb-audit-reader.ts';
import { csvPage, jsonLinesPage } from '../shared/audit/export.ts';
import { type AuditFilters, planAuditQuery } from '../shared/audit/query.ts';

const { values } = parseArgs({
  options: { records: { type: 'string', default: '100000' }, rounds: { type: 'string', default: '1' } },
});
const RECORDS = Number(values.records);
const ROUNDS = Number(values.rounds);
const DAYS = 30;
const FIRST_DAY = '2026-10-01';
const ROOT = join(import.meta.dirname, '..');
const NOW = new Date('2026-11-15T00:00:00.000Z');

const ddb = await startDynamoDbLocal({ cacheDir: join(ROOT, '.caveat-data', 'cache') });
const client = dynamoDbClient({
  region: 'eu-west-2',
  endpoint: ddb.endpoint,
  credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
});
const table = localTableNames('bench').decisions;

try {
  await createTables(client, localTableNames('bench'));
  const started = performance.now();
  const entries = Array.from({ length: RECORDS }, (_, i) => generatedEntry(i, FIRST_DAY, DAYS));
  await seedAuditEntries(client, table, entries, 16);
  console.log(`Loaded ${RECORDS} entries in ${((performance.now() - started) / 1000).toFixed(0)} s.`);
  await run();
} finally {
  client.destroy();
  await ddb.stop();
}

interface Result {
  readonly records: number;
  readonly seconds: number;
}

/** Best of `rounds` (--rounds): DynamoDB Local shares the machine, so the least disturbed run is the figure. */
async function best(rounds: number, measure: () => Promise<number>): Promise<Result> {
  let fastest: Result | undefined;
  for (let round = 0; round < rounds; round++) {
    const started = performance.now();
    const records = await measure();
    const seconds = (performance.now() - started) / 1000;
    if (!fastest || seconds < fastest.seconds) fastest = { records, seconds };
  }
  return fastest as Result;
}

/** The raw loop: the Queries the plan makes, items counted, nothing else. */
async function rawQueries(filters: AuditFilters): Promise<number> {
  const plan = planAuditQuery(filters, NOW);
  const db = DynamoDBDocumentClient.from(client);
  const lookups =
    plan.kind === 'index'
      ? [{ name: plan.attribute, value: plan.value }]
      : plan.kind === 'days'
        ? plan.days.map((day) => ({ name: 'day' as const, value: day }))
        : [];
  let count = 0;
  for (const { name, value } of lookups) {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await db.send(
        new QueryCommand({
          TableName: table,
          IndexName: FILTER_INDEXES[name],
          KeyConditionExpression: '#key = :key',
          ExpressionAttributeNames: { '#key': name },
          ExpressionAttributeValues: { ':key': value },
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      count += page.Items?.length ?? 0;
      start = page.LastEvaluatedKey;
    } while (start);
  }
  return count;
}

/** `caveat audit query` without the terminal: plan, Query pages, filters, and the page formatter. */
async function query(
  filters: AuditFilters,
  format: (page: Parameters<typeof csvPage>[0], first: boolean) => string,
) {
  const reader = new DynamoDbAuditReader(client, table);
  let count = 0;
  let bytes = 0;
  for await (const page of reader.query(planAuditQuery(filters, NOW))) {
    bytes += format(page, count === 0).length;
    count += page.length;
  }
  if (bytes === 0 && count > 0) throw new Error('nothing formatted');
  return count;
}

async function run(): Promise<void> {
  const lastDay = new Date(`${FIRST_DAY}T00:00:00.000Z`);
  lastDay.setUTCDate(lastDay.getUTCDate() + DAYS - 1);
  const everything: AuditFilters = { from: FIRST_DAY, to: lastDay.toISOString().slice(0, 10) };
  const byAction: AuditFilters = { action: 'hold' };
  const cases: [string, AuditFilters, (page: Parameters<typeof csvPage>[0], first: boolean) => string][] = [
    ['query, all days (no output)', everything, () => ' '],
    ['export JSON Lines, all days', everything, (page) => jsonLinesPage(page)],
    ['export CSV, all days', everything, csvPage],
    ['query --action hold (no output)', byAction, () => ' '],
    ['export CSV --action hold', byAction, csvPage],
  ];
  const rows: string[] = [];
  for (const [name, filters, format] of cases) {
    // The baseline right before each case, so both see the same machine.
    const baseline = await best(ROUNDS, () => rawQueries(filters));
    const measured = await best(ROUNDS, () => query(filters, format));
    if (measured.records !== baseline.records && filters === everything) {
      throw new Error(`${name}: ${measured.records} entries, the raw loop read ${baseline.records}`);
    }
    const rate = (r: Result) => r.records / r.seconds;
    rows.push(
      `| ${name} | ${measured.records} | ${rate(baseline).toFixed(0)} | ${rate(measured).toFixed(0)} | ${(rate(measured) / rate(baseline)).toFixed(2)} |`,
    );
  }
  console.log(`\nAudit log: ${RECORDS} entries over ${DAYS} days, DynamoDB Local (${ddb.endpoint}).\n`);
  console.log('| case | entries | raw Query loop (entries/s) | measured (entries/s) | ratio |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const row of rows) console.log(row);
}
