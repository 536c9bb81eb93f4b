/**
 * Auditors' queries on DynamoDB Local over 3,000 generated entries: each filter returns exactly
 * the entries it should, every read is a Query on the filter's own index (never a Scan), and
 * what DynamoDB examines is the filter key's partition, not the table.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/caveat.ts';
import { generatedEntry, seedAuditEntries } from '../../local/audit-seed.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { DynamoDbAuditReader, FILTER_INDEXES } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { type AuditFilters, matchesFilters, planAuditQuery } from '../../shared/audit/query.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { type AuditServices, startAuditServices } from './audit-support.ts';

const COUNT = 3000;
const NOW = new Date('2026-11-05T12:00:00.000Z');
const entries: AuditEntry[] = Array.from({ length: COUNT }, (_, i) => generatedEntry(i, '2026-11-01', 4));

/** Every DynamoDB command sent, with the index it read and how many items DynamoDB examined. */
interface Read {
  readonly command: string;
  readonly index?: string;
  readonly scanned: number;
}

describe('caveat audit query on DynamoDB Local', () => {
  let services: AuditServices;
  let counted: DynamoDBClient;
  const reads: Read[] = [];

  beforeAll(async () => {
    services = await startAuditServices('audit-query');
    // Most entries in bulk, chained as the adapter chains them; the last ones through the adapter.
    await seedAuditEntries(services.dynamodb, services.tables.decisions, entries.slice(0, COUNT - 30));
    const log = new DynamoDbAuditLog(services.dynamodb, services.tables.decisions);
    for (const entry of entries.slice(COUNT - 30)) expect(await log.append(entry)).toBe('recorded');
    counted = new DynamoDBClient({
      region: 'eu-west-2',
      endpoint: services.endpoints.dynamodb,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { IndexName?: string };
        const output = result.output as { ScannedCount?: number; Count?: number; Item?: unknown };
        reads.push({
          command: context.commandName ?? '?',
          ...(input.IndexName ? { index: input.IndexName } : {}),
          scanned: output.ScannedCount ?? (output.Item ? 1 : 0),
        });
        return result;
      },
      { step: 'initialize', name: 'countReads' },
    );
  }, 300_000);
  afterAll(async () => {
    counted?.destroy();
    await services?.stop();
  });

  const key = (e: { messageId: string; seq: string }) => `${e.messageId} ${e.seq}`;
  async function run(filters: AuditFilters) {
    reads.length = 0;
    const reader = new DynamoDbAuditReader(counted, services.tables.decisions, { pageSize: 250 });
    const found: string[] = [];
    for await (const page of reader.query(planAuditQuery(filters, NOW))) found.push(...page.map(key));
    return found;
  }
  const expected = (filters: AuditFilters) =>
    entries
      .filter((e) => matchesFilters(e, filters))
      .map(key)
      .sort();

  const CASES: [string, AuditFilters, string][] = [
    ['a date range', { from: '2026-11-02', to: '2026-11-03' }, 'byDay'],
    ['a time range within a day', { from: '2026-11-02T06:00:00Z', to: '2026-11-02T18:00:00Z' }, 'byDay'],
    ['a mailbox', { mailbox: 'pensions@caveat.example.gov.uk' }, 'byMailbox'],
    ['an action', { action: 'quarantine' }, 'byAction'],
    ['a classification', { classification: 'OFFICIAL-SENSITIVE' }, 'byClassification'],
    ['a rule', { ruleId: 'DWP-3.10' }, 'byRule'],
    ['a policy version', { policyVersion: '2026.2' }, 'byPolicyVersion'],
    ['a sender domain', { senderDomain: 'nhs.net' }, 'bySenderDomain'],
    ['an officer', { officer: 'officer-b' }, 'byOfficer'],
    [
      'a mailbox, an action and a range',
      { mailbox: 'council.tax@caveat.example.gov.uk', action: 'hold', from: '2026-11-01', to: '2026-11-02' },
      'byMailbox',
    ],
    ['a rule and a stage', { ruleId: 'CCC-4.1', stage: 'classify' }, 'byRule'],
  ];

  it.each(CASES)(
    'returns exactly the entries matching %s, by Query on %s only',
    async (_, filters, index) => {
      const want = expected(filters);
      expect(want.length).toBeGreaterThan(10);
      expect(want.length).toBeLessThan(COUNT);
      expect((await run(filters)).sort()).toEqual(want);
      expect(reads.length).toBeGreaterThan(0);
      expect(reads.every((r) => r.command === 'QueryCommand' && r.index === index)).toBe(true);
      // DynamoDB examined only the key's own partition (within the range), not the table.
      const keyOnly = Object.fromEntries(
        Object.entries(filters).filter(
          ([name]) =>
            FILTER_INDEXES[name as keyof typeof FILTER_INDEXES] === index || name === 'from' || name === 'to',
        ),
      );
      const examined = reads.reduce((sum, r) => sum + r.scanned, 0);
      expect(examined).toBe(entries.filter((e) => matchesFilters(e, keyOnly)).length);
    },
  );

  it('reads one message by its key, every mailbox it reached', async () => {
    const filters = { messageId: 'msg-000042' };
    expect((await run(filters)).sort()).toEqual(expected(filters));
    expect(expected(filters)).toHaveLength(3);
    expect(reads).toEqual([{ command: 'QueryCommand', scanned: 3 }]);
  });

  const where = () => ['--endpoint', services.endpoints.dynamodb, '--table', services.tables.decisions];
  async function cli(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['audit', ...args, ...where()], {
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      stdin: async () => '',
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('exports JSON Lines and CSV with the same entries as the filter selects', async () => {
    const filters = { action: 'protect', from: '2026-11-01', to: '2026-11-04' };
    const args = ['query', '--action', 'protect', '--from', '2026-11-01', '--to', '2026-11-04'];
    const json = await cli(...args, '--json');
    expect(json.code).toBe(0);
    const lines = json.out.split('\n').map((line) => JSON.parse(line) as AuditEntry);
    expect(lines.map(key).sort()).toEqual(expected(filters));
    expect(lines.every((e) => e.action === 'protect')).toBe(true);

    const csv = await cli(...args, '--csv');
    const rows = parse(csv.out, { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => `${r.messageId} ${r.seq}`).sort()).toEqual(expected(filters));
    expect(Object.keys(rows[0] ?? {})).toContain('paragraphs');
  });

  it('shows a table, capped by --limit', async () => {
    const result = await cli('query', '--officer', 'officer-a', '--limit', '5');
    const lines = result.out.split('\n');
    expect(lines[0]).toMatch(/^at\s+message\s+mailbox\s+stage/);
    expect(lines).toHaveLength(2 + 5 + 1);
    expect(lines.at(-1)).toBe('5 entries (first 5; use --limit, --json or --csv for more).');
  });

  it('reports progress on standard error for long exports', async () => {
    const result = await cli('query', '--from', '2026-11-01', '--to', '2026-11-04', '--json');
    expect(result.out.split('\n')).toHaveLength(COUNT);
    const progress = result.err.split('\n');
    const counts = progress.slice(0, -1).map((line) => Number(/(\d+) entries exported…$/.exec(line)?.[1]));
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.every((n) => n >= 1000 && n <= COUNT)).toBe(true);
    expect(progress.at(-1)).toBe(`caveat audit: ${COUNT} entries exported.`);
  });

  it('shows a message’s whole timeline in plain words', async () => {
    const result = await cli('show', 'msg-000042');
    expect(result.code).toBe(0);
    const text = result.out;
    const mailbox = entries.find((e) => e.messageId === 'msg-000042')?.mailbox;
    expect(text).toContain(`Message msg-000042: 3 entries, mailbox ${mailbox}`);
    expect(text).toContain('Received and classified');
    expect(text).toContain('deciding rule');
    expect(text).toContain('Opened in the officer portal by officer');
    expect(text.indexOf('Received and classified')).toBeLessThan(
      text.indexOf('Opened in the officer portal'),
    );
  });
});
