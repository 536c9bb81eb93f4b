/**
 * `caveat audit report` on DynamoDB Local: a generated month between two others, the report's
 * files written by the command, and every figure checked against counts taken from the table
 * another way (Queries on the mailbox, rule and officer indexes). The month is read with one
 * Query per day on the by-day index, never a Scan.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../bin/commands/audit.ts';
import { MAILBOXES, seedAuditEntries } from '../../local/audit-seed.ts';
import { generatedMonthEntries } from '../../local/report-seed.ts';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { readMonthlyFigures } from '../../shared/audit/monthly-report.ts';
import { parseReportMonth } from '../../shared/audit/report-month.ts';
import { type AuditServices, startAuditServices } from './audit-support.ts';

const NOW = new Date('2026-12-02T09:00:00.000Z');
const MONTH = { from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.999Z' };
const REPORT_MAILBOXES = ['dmarc-reports@caveat.example.gov.uk', 'tls-reports@caveat.example.gov.uk'];
const OFFICERS = ['officer-a', 'officer-b', 'officer-c', 'officer-d', 'anonymous'];

describe('caveat audit report on DynamoDB Local', () => {
  let services: AuditServices;
  let db: DynamoDBDocumentClient;
  let out: string;
  let printed: string[];
  /** The report's CSV files, as rows of text. */
  const csv = (table: string) =>
    parse(readFileSync(join(out, `audit-report-2026-11-${table}.csv`), 'utf8'), { columns: true }) as Record<
      string,
      string
    >[];

  /** Items of one index key in the month, read with Queries that have nothing to do with the report's. */
  async function items(index: string, key: string, value: string, filter?: { stage: string }) {
    const found: Record<string, unknown>[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const input: QueryCommandInput = {
        TableName: services.tables.decisions,
        IndexName: index,
        KeyConditionExpression: '#k = :v AND #at BETWEEN :from AND :to',
        ExpressionAttributeNames: { '#k': key, '#at': 'at', ...(filter ? { '#stage': 'stage' } : {}) },
        ExpressionAttributeValues: {
          ':v': value,
          ':from': MONTH.from,
          ':to': MONTH.to,
          ...(filter ? { ':stage': filter.stage } : {}),
        },
        ...(filter ? { FilterExpression: '#stage = :stage' } : {}),
        ...(start ? { ExclusiveStartKey: start } : {}),
      };
      const page = await db.send(new QueryCommand(input));
      found.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    return found;
  }
  const classified = async (mailbox: string) => items('byMailbox', 'mailbox', mailbox, { stage: 'classify' });

  beforeAll(async () => {
    services = await startAuditServices('audit-report');
    db = DynamoDBDocumentClient.from(services.dynamodb);
    await seedAuditEntries(services.dynamodb, services.tables.decisions, [
      ...generatedMonthEntries('2026-10', 60),
      ...generatedMonthEntries('2026-11', 600),
      ...generatedMonthEntries('2026-12', 60),
    ]);
    out = mkdtempSync(join(tmpdir(), 'caveat-audit-report-'));
    printed = [];
    const code = await auditCommand(
      [
        'report',
        '--month',
        '2026-11',
        '--out',
        out,
        '--endpoint',
        services.endpoints.dynamodb,
        '--table',
        services.tables.decisions,
      ],
      { out: (line) => printed.push(line), err: (line) => printed.push(line), stdin: async () => '' },
      { clock: { now: () => NOW }, env: {} },
    );
    expect(code).toBe(0);
  }, 300_000);
  afterAll(async () => {
    db?.destroy();
    await services?.stop();
  });

  it('says what it wrote: the page and a CSV per table', () => {
    expect(printed[0]).toMatch(/^Audit report for November 2026: \d+ entries read\.$/);
    expect(printed[1]).toBe(`  ${join(out, 'audit-report-2026-11.html')}`);
    expect(printed[2]).toBe(`  19 CSV files in ${out}`);
  });

  it('counts the messages of each mailbox, classification and action as the table holds them', async () => {
    const rows = csv('messages');
    for (const mailbox of MAILBOXES) {
      const expected = new Map<string, number>();
      for (const item of await classified(mailbox)) {
        const key = `${item.classification} ${item.action}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      }
      const reported = new Map(
        rows
          .filter((row) => row.Mailbox === mailbox)
          .map((row) => [`${row.Classification} ${row.Action}`, Number(row.Messages)]),
      );
      expect(reported).toEqual(expected);
      expect(expected.size).toBeGreaterThan(2);
    }
  });

  it('counts holds, their outcomes and the spoofed domains as the table holds them', async () => {
    const holds = csv('holds');
    const spoofing = csv('spoofing');
    for (const mailbox of MAILBOXES) {
      const received = await classified(mailbox);
      const byStage = async (stage: string) =>
        (await items('byMailbox', 'mailbox', mailbox, { stage })).length;
      expect(holds.find((row) => row.Mailbox === mailbox)).toEqual({
        Mailbox: mailbox,
        Held: String(received.filter((item) => item.action === 'hold').length),
        Confirmed: String(await byStage('confirmed')),
        'Not me': String(await byStage('not-me')),
        Expired: String(await byStage('hold-expired')),
        Pending: String(
          received.filter((item) => item.action === 'hold').length -
            (await byStage('confirmed')) -
            (await byStage('not-me')) -
            (await byStage('hold-expired')),
        ),
      });
      const spoofed = received.filter((item) => item.senderTrust === 'spoofed-trusted');
      for (const domain of ['gov.uk', 'nhs.net']) {
        const row = spoofing.find((r) => r.Mailbox === mailbox && r['Domain claimed'] === domain);
        expect(Number(row?.Messages)).toBe(spoofed.filter((item) => item.senderDomain === domain).length);
      }
    }
  });

  it('ranks the deciding rules as the by-rule index counts them', async () => {
    const rules = csv('rules');
    expect(rules.length).toBeGreaterThan(4);
    for (const row of rules) {
      const decided = await items('byRule', 'ruleId', row.Rule ?? '', { stage: 'classify' });
      expect(Number(row['Messages whose action it decided'])).toBe(decided.length);
    }
  });

  it('counts portal accesses and officers as the mailbox and officer indexes hold them', async () => {
    const portal = csv('portal');
    for (const mailbox of MAILBOXES) {
      const count = async (stage: string) => (await items('byMailbox', 'mailbox', mailbox, { stage })).length;
      const row = portal.find((r) => r.Mailbox === mailbox);
      expect(Number(row?.Views)).toBe(await count('portal-view'));
      expect(Number(row?.Downloads)).toBe(await count('portal-download'));
    }
    const signedIn = [];
    for (const officer of OFFICERS.filter((o) => o !== 'anonymous')) {
      if ((await items('byOfficer', 'officer', officer)).length > 0) signedIn.push(officer);
    }
    const summary = new Map(csv('summary').map((row) => [row.Figure, Number(row.Value)]));
    expect(summary.get('Officers who accessed messages')).toBe(signedIn.length);
    expect(summary.get('Messages received')).toBe(
      (await Promise.all(MAILBOXES.map(classified))).reduce((n, list) => n + list.length, 0),
    );
  });

  it('sums the DMARC and TLS reports as the report entries hold them', async () => {
    const reports = (
      await Promise.all(REPORT_MAILBOXES.map((m) => items('byMailbox', 'mailbox', m, { stage: 'report' })))
    ).flat() as {
      report: { kind: string; status: string; failingMessages?: number; failedSessions?: number };
    }[];
    const received = new Map(csv('reports-received').map((row) => [row.Report, row]));
    for (const kind of ['dmarc', 'tls-rpt']) {
      const mine = reports.filter((r) => r.report.kind === kind);
      expect(received.get(kind)).toEqual({
        Report: kind,
        Parsed: String(mine.filter((r) => r.report.status === 'parsed').length),
        Malformed: String(mine.filter((r) => r.report.status === 'malformed').length),
      });
    }
    const failing = csv('dmarc-reporters').reduce((n, row) => n + Number(row['Failing DMARC']), 0);
    expect(failing).toBe(reports.reduce((n, r) => n + (r.report.failingMessages ?? 0), 0));
    const failed = csv('tls-reporters').reduce((n, row) => n + Number(row['Failed sessions']), 0);
    expect(failed).toBe(reports.reduce((n, r) => n + (r.report.failedSessions ?? 0), 0));
  });

  it('writes one HTML page showing the same figures', () => {
    const html = readFileSync(join(out, 'audit-report-2026-11.html'), 'utf8').replace(/\s+/g, ' ');
    for (const row of csv('summary')) {
      const value = Number(row.Value).toLocaleString('en-GB');
      expect(html).toContain(`<th scope="row">${row.Figure}</th> <td class="numeric">${value}</td>`);
    }
  });

  it('reads the month with one Query per day on the by-day index, and nothing else', async () => {
    const commands: { name: string; index?: string }[] = [];
    const counted = new DynamoDBClient({
      region: 'eu-west-2',
      endpoint: services.endpoints.dynamodb,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    counted.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push({
          name: context.commandName ?? '?',
          index: (args.input as { IndexName?: string }).IndexName ?? '',
        });
        return next(args);
      },
      { step: 'initialize', name: 'countCommands' },
    );
    const figures = await readMonthlyFigures(
      new DynamoDbAuditReader(counted, services.tables.decisions),
      parseReportMonth('2026-11'),
      NOW,
    );
    counted.destroy();
    expect(new Set(commands.map((c) => `${c.name} ${c.index}`))).toEqual(new Set(['QueryCommand byDay']));
    expect(commands.length).toBeGreaterThanOrEqual(30);
    expect(figures.entries).toBe(Number(csv('summary')[0]?.Value));
  });
});
