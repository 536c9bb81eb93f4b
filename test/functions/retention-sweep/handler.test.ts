import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SettingsError } from '../../../functions/ingest/settings.ts';
import {
  createRetentionSweepHandler,
  RetentionSweepIncompleteError,
} from '../../../functions/retention-sweep/handler.ts';
import { readRetentionSweepSettings } from '../../../functions/retention-sweep/settings.ts';
import { sweepOn } from '../../../functions/retention-sweep/wiring.ts';

const s3 = mockClient(S3Client);
const db = mockClient(DynamoDBDocumentClient);
const now = new Date('2026-11-23T01:00:00.000Z');
const uc = 'uc@caveat.example.gov.uk';
const OLD_KEY = `quarantine/${uc}/0100018f-old`;

function handler(logged: unknown[]) {
  return createRetentionSweepHandler({
    sweep: sweepOn({
      s3: new S3Client({ region: 'eu-west-2' }),
      dynamodb: new DynamoDBClient({ region: 'eu-west-2' }),
      bucket: 'caveat-mail',
      tables: { decisions: 'caveat-decisions', holds: 'caveat-holds', portalLinks: 'caveat-portal-links' },
      periods: { rawMailDays: 30, quarantineDays: 90, ciphertextDays: 365, reportDays: 400 },
      mailboxes: [uc],
      auditYears: 6,
      actor: 'caveat-retention-sweep',
    }),
    clock: { now: () => now },
    logger: {
      info: (...args: unknown[]) => logged.push(['info', ...args]),
      error: (...args: unknown[]) => logged.push(['error', ...args]),
    },
  });
}

const order: string[] = [];
beforeEach(() => {
  s3.reset();
  db.reset();
  order.length = 0;
  s3.on(ListObjectsV2Command).resolves({ Contents: [] });
  s3.on(ListObjectsV2Command, { Prefix: 'quarantine/' }).resolves({
    Contents: [
      { Key: OLD_KEY, LastModified: new Date('2026-08-01T00:00:00.000Z') },
      { Key: `quarantine/${uc}/0100018f-young`, LastModified: new Date('2026-11-01T00:00:00.000Z') },
    ],
  });
  s3.on(DeleteObjectCommand).callsFake((input: { Key: string }) => {
    order.push(`delete ${input.Key}`);
    return {};
  });
  db.on(QueryCommand).resolves({ Items: [] });
  db.on(GetCommand).resolves({});
  db.on(TransactWriteCommand).callsFake(() => {
    order.push('record');
    return {};
  });
  db.on(DeleteCommand).resolves({});
});

describe('Retention sweep function', () => {
  it('records each deletion before making it, and logs counts only', async () => {
    const logged: unknown[] = [];
    const report = await handler(logged)();
    expect(order).toEqual(['record', `delete ${OLD_KEY}`]);
    const [write] = db.commandCalls(TransactWriteCommand);
    const entry = write?.args[0].input.TransactItems?.[0]?.Put?.Item;
    expect(entry).toMatchObject({
      messageId: '0100018f-old',
      seq: `${uc}#9#deleted#quarantine`,
      stage: 'deleted',
      ruleId: 'RETAIN-QUARANTINE',
      chain: `${uc}#2026-11-23`,
    });
    expect(report.targets.quarantine).toMatchObject({ due: 1, deleted: 1, kept: 1 });
    expect(logged).toHaveLength(1);
    expect(JSON.stringify(logged)).not.toContain('@');
    expect(JSON.stringify(logged)).not.toContain('0100018f');
  });

  it('lists the four prefixes and queries holds and links by mailbox, never scanning', async () => {
    await handler([])();
    expect(s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input.Prefix)).toEqual([
      'inbound/',
      'quarantine/',
      'ciphertext/',
      'reports/',
    ]);
    expect(
      db
        .commandCalls(QueryCommand)
        .map((call) => [call.args[0].input.TableName, call.args[0].input.IndexName]),
    ).toEqual([
      ['caveat-holds', 'byMailbox'],
      ['caveat-portal-links', 'byMailbox'],
    ]);
  });

  it('fails the invocation when a deletion fails, after finishing the others', async () => {
    s3.on(DeleteObjectCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    const logged: unknown[] = [];
    await expect(handler(logged)()).rejects.toThrow(RetentionSweepIncompleteError);
    expect(db.commandCalls(TransactWriteCommand)).toHaveLength(1);
    expect(JSON.stringify(logged)).toContain('SlowDown');
    expect(JSON.stringify(logged)).not.toContain('@');
  });

  it('deletes nothing when the audit log cannot be written', async () => {
    db.on(TransactWriteCommand).rejects(Object.assign(new Error('down'), { name: 'InternalServerError' }));
    await expect(handler([])()).rejects.toThrow(RetentionSweepIncompleteError);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
  });
});

describe('Retention sweep settings', () => {
  const env = {
    CAVEAT_MAIL_BUCKET: 'caveat-mail',
    CAVEAT_DECISIONS_TABLE: 'decisions',
    CAVEAT_HOLDS_TABLE: 'holds',
    CAVEAT_PORTAL_LINKS_TABLE: 'portal-links',
  };

  it('reads the mailboxes and periods, with the configuration’s defaults', () => {
    const settings = readRetentionSweepSettings({
      ...env,
      CAVEAT_MAILBOX_ADDRESSES: ' UC@caveat.example.gov.uk, pip@caveat.example.gov.uk ',
      CAVEAT_RAW_MAIL_DAYS: '14',
    });
    expect(settings.CAVEAT_MAILBOX_ADDRESSES).toEqual([uc, 'pip@caveat.example.gov.uk']);
    expect(settings).toMatchObject({
      CAVEAT_RAW_MAIL_DAYS: 14,
      CAVEAT_QUARANTINE_DAYS: 90,
      CAVEAT_CIPHERTEXT_DAYS: 365,
      CAVEAT_REPORT_DAYS: 400,
      CAVEAT_AUDIT_YEARS: 6,
    });
  });

  it('refuses missing or wrong settings, naming them', () => {
    expect(() => readRetentionSweepSettings({})).toThrow(SettingsError);
    expect(() => readRetentionSweepSettings({})).toThrow(/CAVEAT_MAIL_BUCKET[\s\S]*CAVEAT_HOLDS_TABLE/);
    expect(() => readRetentionSweepSettings({ ...env, CAVEAT_MAILBOX_ADDRESSES: 'not-an-address' })).toThrow(
      /CAVEAT_MAILBOX_ADDRESSES/,
    );
    expect(() => readRetentionSweepSettings({ ...env, CAVEAT_CIPHERTEXT_DAYS: '0' })).toThrow(
      /CAVEAT_CIPHERTEXT_DAYS/,
    );
  });
});
