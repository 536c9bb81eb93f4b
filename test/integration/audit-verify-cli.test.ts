/**
 * `caveat audit digest` and `caveat audit verify` against DynamoDB Local and the S3 server, as an
 * auditor runs them: an untouched log passes; an edit, an insertion and a deletion each fail it,
 * named in the output.
 */
import { DeleteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/caveat.ts';
import { generatedEntry, MAILBOXES } from '../../local/audit-seed.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { DynamoDbAuditReader } from '../../shared/adapters/dynamodb-audit-reader.ts';
import { chainId } from '../../shared/audit/chain.ts';
import { type AuditServices, DIGEST_BUCKET, startAuditServices } from './audit-support.ts';

describe('caveat audit verify on DynamoDB Local', () => {
  let services: AuditServices;
  let where: string[];
  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const code = await runCli(['audit', ...args, ...where], {
      out: (line) => out.push(line),
      err: (line) => out.push(line),
      stdin: async () => '',
    });
    return { code, text: out.join('\n') };
  };
  const db = () => DynamoDBDocumentClient.from(services.dynamodb);
  const range = ['--from', '2026-11-01', '--to', '2026-11-03'];

  beforeAll(async () => {
    services = await startAuditServices('audit-verify');
    where = [
      '--endpoint',
      services.endpoints.dynamodb,
      '--s3-endpoint',
      services.endpoints.s3,
      '--table',
      services.tables.decisions,
      '--digest-bucket',
      DIGEST_BUCKET,
    ];
    const log = new DynamoDbAuditLog(services.dynamodb, services.tables.decisions);
    for (let i = 0; i < 90; i++) await log.append(generatedEntry(i));
  }, 180_000);
  afterAll(() => services?.stop());

  it('digests the past days and passes the untouched log', async () => {
    const digest = await cli('digest', ...range);
    expect(digest.code).toBe(0);
    expect(digest.text).toContain('Digested 9 chains; 0 already digested.');
    const verify = await cli('verify', ...range);
    expect(verify.text).toContain('9 chains (9 digested), 90 entries.');
    expect(verify.text).toContain('OK: no entry altered, inserted or removed.');
    expect(verify.code).toBe(0);
  });

  it('fails after an edit, an insertion and a deletion, naming each entry', async () => {
    const reader = new DynamoDbAuditReader(services.dynamodb, services.tables.decisions);
    const chain = chainId(MAILBOXES[0], '2026-11-01');
    const [first, second, third] = await reader.entries(chain);
    await db().send(
      new PutCommand({ TableName: services.tables.decisions, Item: { ...first, ruleId: 'NONE' } }),
    );
    await db().send(
      new PutCommand({
        TableName: services.tables.decisions,
        Item: { ...second, messageId: 'forged-message', seq: 'forged#1#deliver' },
      }),
    );
    await db().send(
      new DeleteCommand({
        TableName: services.tables.decisions,
        Key: { messageId: third?.messageId, seq: third?.seq },
      }),
    );
    const verify = await cli('verify', ...range);
    expect(verify.code).toBe(3);
    const lines = verify.text.split('\n');
    const line = (kind: string, id: string | undefined) =>
      lines.find((l) => l.startsWith(kind) && l.includes(`message ${id}`));
    expect(line('ALTERED', first?.messageId)).toContain(`${chain}  #1`);
    expect(line('INSERTED', 'forged-message')).toContain('#2');
    expect(line('REMOVED', third?.messageId)).toContain(`entry ${third?.seq}`);
    expect(verify.text).toContain('FAILED: 3 entries altered, inserted or removed.');
  });

  it('reports the findings as JSON on request', async () => {
    const verify = await cli('verify', ...range, '--json');
    const report = JSON.parse(verify.text) as { ok: boolean; findings: { kind: string }[] };
    expect(report.ok).toBe(false);
    expect(report.findings.map((f) => f.kind).sort()).toEqual(['altered', 'inserted', 'removed']);
  });

  it('refuses a range it cannot read, naming the option', async () => {
    const verify = await cli('verify', '--from', '2026-13-01');
    expect(verify.code).toBe(2);
    expect(verify.text).toContain('--from 2026-13-01: expected a date YYYY-MM-DD or an ISO-8601 time');
  });
});
