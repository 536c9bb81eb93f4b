/**
 * `caveat retention sweep` on the local stack (DynamoDB Local, the S3 server, the real pipeline):
 * what is past retention is deleted with one audit entry each, what is younger stays, an
 * undecided hold's message is left to the confirmation expiry, the audit log still verifies,
 * and a second run deletes and writes nothing.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/caveat.ts';
import { LOCAL_CREDENTIALS, type LocalStack } from '../../local/stack.ts';
import { DynamoDbPortalLinkStore } from '../../shared/adapters/dynamodb-portal-link-store.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { citizenMail, NINO_AND_DOB } from '../confirm/citizen-mail.ts';
import { startTestStack, type TestStack } from './support.ts';

const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const DAY = 86_400_000;
const day = (date: Date) => date.toISOString().slice(0, 10);

describe('caveat retention sweep on the local stack', () => {
  let test: TestStack;
  let stack: LocalStack;
  let db: DynamoDBDocumentClient;
  let s3: S3Client;
  const t0 = new Date();
  const month = new Date(t0.getTime() + 31 * DAY);
  const years = new Date(t0.getTime() + 401 * DAY);

  const cli = async (...args: string[]) => {
    const out: string[] = [];
    const code = await runCli(
      [...args, '--endpoint', stack.dynamodb.endpoint, '--s3-endpoint', stack.s3.endpoint],
      { out: (line) => out.push(line), err: (line) => out.push(line), stdin: async () => '' },
    );
    return { code, text: out.join('\n') };
  };
  const sweep = async (now: Date, ...flags: string[]) =>
    cli('retention', 'sweep', '--now', now.toISOString(), ...flags);
  const exists = async (key: string) =>
    (await test.probe.objectKeys(key.split('/').at(-1) ?? '')).includes(key);
  const deletions = async (messageId: string) =>
    (await test.probe.entries(messageId)).filter((entry: AuditEntry) => entry.stage === 'deleted');
  const auditItems = async () =>
    (await db.send(new ScanCommand({ TableName: stack.tables.decisions, Select: 'COUNT' }))).Count ?? 0;
  const holdExists = async (id: string) =>
    (await db.send(new GetCommand({ TableName: stack.tables.holds, Key: { holdKey: `${MAILBOX}/${id}` } })))
      .Item !== undefined;
  const linkExists = async (linkHash: string) =>
    (await db.send(new GetCommand({ TableName: stack.tables.portalLinks, Key: { linkHash } }))).Item !==
    undefined;

  beforeAll(async () => {
    test = await startTestStack({ stories: [] });
    stack = test.stack;
    const common = { region: stack.config.region, credentials: LOCAL_CREDENTIALS };
    const dynamo = new DynamoDBClient({ ...common, endpoint: stack.dynamodb.endpoint });
    db = DynamoDBDocumentClient.from(dynamo);
    s3 = new S3Client({ ...common, endpoint: stack.s3.endpoint, forcePathStyle: true });
    const put = (Key: string, Body: Uint8Array | string) =>
      s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key, Body }));

    // Through the pipeline: a delivered message, one held unanswered, one held and then expired.
    await put(`inbound/${MAILBOX}/m-plain`, citizenMail({ body: 'When is the office open on Saturdays?' }));
    await put(`inbound/${MAILBOX}/m-held`, citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` }));
    await put(`inbound/${MAILBOX}/m-expired`, citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` }));
    await stack.queue.drained();
    await db.send(
      new UpdateCommand({
        TableName: stack.tables.holds,
        Key: { holdKey: `${MAILBOX}/m-expired` },
        UpdateExpression: 'SET confirmBy = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    expect(await stack.confirm.expireLapsed()).toBe(1);

    // Written where the pipeline writes them (no queue notification outside inbound/).
    await put(`quarantine/${MAILBOX}/m-virus`, 'quarantined');
    await put(`ciphertext/${MAILBOX}/m-protected`, 'sealed');
    await put(`reports/dmarc-reports@caveat.example.gov.uk/m-report`, 'report');
    const links = new DynamoDbPortalLinkStore(dynamo, stack.tables.portalLinks);
    const link = (linkHash: string, expiresAt: Date) =>
      links.create({
        linkHash,
        messageId: 'm-protected',
        mailbox: MAILBOX,
        ciphertextKey: `ciphertext/${MAILBOX}/m-protected`,
        classification: 'OFFICIAL-SENSITIVE',
        createdAt: new Date(expiresAt.getTime() - 30 * DAY).toISOString(),
        expiresAt: Math.floor(expiresAt.getTime() / 1000),
      });
    await link('a'.repeat(64), new Date(t0.getTime() + 3_600_000));
    await link('b'.repeat(64), new Date(t0.getTime() + 60 * DAY));
  }, 180_000);

  afterAll(async () => {
    s3?.destroy();
    db?.destroy();
    await test?.stop();
  });

  it('starts from what the pipeline left', async () => {
    expect((await test.probe.entries('m-plain')).map((e) => e.stage)).toContain('deliver');
    expect(await exists(`inbound/${MAILBOX}/m-plain`)).toBe(true);
    expect(await exists(`inbound/${MAILBOX}/m-held`)).toBe(true);
    expect(await exists(`inbound/${MAILBOX}/m-expired`)).toBe(false);
    expect(await holdExists('m-held')).toBe(true);
    expect(await holdExists('m-expired')).toBe(true);
  });

  it('a dry run lists what is due a month on, and deletes and records nothing', async () => {
    const before = await auditItems();
    const run = await sweep(month, '--dry-run');
    expect(run.code).toBe(0);
    expect(run.text).toContain(`inbound      ${MAILBOX}  m-plain  inbound/${MAILBOX}/m-plain`);
    expect(run.text).toContain('dry run: nothing deleted or recorded');
    expect(run.text).not.toContain('m-held');
    expect(await auditItems()).toBe(before);
    expect(await exists(`inbound/${MAILBOX}/m-plain`)).toBe(true);
  });

  it('a month on, deletes raw mail, the decided hold and the expired link, one entry each', async () => {
    const run = await sweep(month, '--json');
    expect(run.code).toBe(0);
    const report = JSON.parse(run.text);
    expect(report.recorded).toBe(3);

    expect(await exists(`inbound/${MAILBOX}/m-plain`)).toBe(false);
    expect((await deletions('m-plain')).map((e) => [e.seq, e.ruleId, e.outcome?.reason])).toEqual([
      [`${MAILBOX}#9#deleted#inbound`, 'RETAIN-RAW-MAIL', 'retention'],
    ]);
    expect(await holdExists('m-expired')).toBe(false);
    expect((await deletions('m-expired')).map((e) => e.ruleId)).toEqual(['RETAIN-HOLD']);
    expect(await linkExists('a'.repeat(64))).toBe(false);
    expect((await deletions('m-protected')).map((e) => e.ruleId)).toEqual(['RETAIN-PORTAL-LINK']);

    // Younger than their retention.
    expect(await linkExists('b'.repeat(64))).toBe(true);
    for (const key of [
      `quarantine/${MAILBOX}/m-virus`,
      `ciphertext/${MAILBOX}/m-protected`,
      'reports/dmarc-reports@caveat.example.gov.uk/m-report',
    ])
      expect(await exists(key)).toBe(true);
    // Left to the confirmation expiry, which decides the hold and deletes the message itself.
    expect(await exists(`inbound/${MAILBOX}/m-held`)).toBe(true);
    expect(await holdExists('m-held')).toBe(true);
    expect(await deletions('m-held')).toEqual([]);
    expect(report.targets.inbound.deferred).toEqual({ 'awaiting-confirmation-expiry': 1 });
    // No personal data in what was recorded.
    const recorded = JSON.stringify([
      ...(await deletions('m-plain')),
      ...(await deletions('m-expired')),
      ...(await deletions('m-protected')),
    ]);
    expect(recorded).not.toContain('example-mail.co.uk');
    expect(recorded).not.toContain('a'.repeat(16));
  });

  it('a second run deletes nothing and writes nothing', async () => {
    const before = await auditItems();
    const run = await sweep(month, '--json');
    const report = JSON.parse(run.text);
    expect(report.recorded + report.alreadyRecorded).toBe(0);
    expect(Object.values(report.targets).map((t) => (t as { deleted: number }).deleted)).toEqual([
      0, 0, 0, 0, 0, 0,
    ]);
    expect(await auditItems()).toBe(before);
  });

  it('after 401 days, deletes under every prefix and the last link', async () => {
    const run = await sweep(years);
    expect(run.code).toBe(0);
    expect(run.text).toMatch(/quarantine\s+1\s+1\s+0\s+0\s+0/);
    for (const key of [
      `quarantine/${MAILBOX}/m-virus`,
      `ciphertext/${MAILBOX}/m-protected`,
      'reports/dmarc-reports@caveat.example.gov.uk/m-report',
    ])
      expect(await exists(key)).toBe(false);
    expect((await deletions('m-virus')).map((e) => e.ruleId)).toEqual(['RETAIN-QUARANTINE']);
    expect((await deletions('m-report')).map((e) => e.ruleId)).toEqual(['RETAIN-REPORTS']);
    expect((await deletions('m-protected')).map((e) => e.ruleId).sort()).toEqual([
      'RETAIN-CIPHERTEXT',
      'RETAIN-PORTAL-LINK',
      'RETAIN-PORTAL-LINK',
    ]);
    expect(await linkExists('b'.repeat(64))).toBe(false);
  });

  it('leaves an audit log that still verifies, digested or not', async () => {
    const range = ['--from', day(t0), '--to', day(years)];
    const digest = await cli('audit', 'digest', ...range);
    expect(digest.code).toBe(0);
    const verify = await cli('audit', 'verify', ...range);
    expect(verify.text).toContain('OK: no entry altered, inserted or removed.');
    expect(verify.code).toBe(0);
  });
});
