/**
 * `caveat contacts` against DynamoDB Local with the stack's contacts table: the items the
 * register writes are the ones the pipeline's lookups read.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../../bin/caveat.ts';
import { createTables, localTableNames } from '../../local/create-tables.ts';
import { type DynamoDbLocal, startDynamoDbLocal } from '../../local/dynamodb-local.ts';
import { seedContacts } from '../../local/seed-contacts.ts';
import { DynamoDbContactRegister } from '../../shared/adapters/dynamodb-contact-register.ts';
import { localCacheDir } from '../local/support.ts';

const tables = localTableNames('contacts-it');

describe('the contacts register on DynamoDB Local', () => {
  const dir = mkdtempSync(join(tmpdir(), 'caveat-contacts-'));
  let ddb: DynamoDbLocal;
  let client: DynamoDBClient;
  let register: DynamoDbContactRegister;

  beforeAll(async () => {
    ddb = await startDynamoDbLocal({ cacheDir: localCacheDir() });
    client = new DynamoDBClient({
      endpoint: ddb.endpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await createTables(client, tables);
    register = new DynamoDbContactRegister(client, tables.contacts);
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  }, 120_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    client?.destroy();
    await ddb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const cli = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(['contacts', ...argv, '--endpoint', ddb.endpoint, '--table', tables.contacts], {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: async () => '',
    });
    return { code, out, err };
  };
  const file = (name: string, ...lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${['citizen_reference,email,mobile', ...lines].join('\n')}\n`);
    return path;
  };
  const keys = async () =>
    (
      (await DynamoDBDocumentClient.from(client).send(new ScanCommand({ TableName: tables.contacts })))
        .Items ?? []
    )
      .map((i) => String(i.contactKey))
      .sort();

  it('imports, finds by normalised address, re-imports and removes', async () => {
    const first = await cli(
      'import',
      file('v1.csv', 'CR-1,Jo@Example.org,07400 123456', 'CR-2,rhys@example.org,'),
    );
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(await keys()).toEqual([
      'email#jo@example.org',
      'email#rhys@example.org',
      'mobile#+447400123456',
      'ref#CR-1',
      'ref#CR-2',
    ]);
    expect(await register.isValidatedContact('JO@example.org')).toBe(true);
    const jo = await register.find({ kind: 'mobile', value: '+447400123456' });
    expect(jo).toMatchObject({ citizenReference: 'CR-1', email: 'jo@example.org' });
    expect(jo?.registerVersion).toMatch(/^[0-9a-f]{16}$/);

    // Jo changes address: the old one stops counting at once.
    const second = await cli('import', file('v2.csv', 'CR-1,jo.new@example.org,07400 123456'));
    expect(second.code).toBe(0);
    expect(await register.isValidatedContact('jo@example.org')).toBe(false);
    expect((await register.find({ kind: 'email', value: 'jo.new@example.org' }))?.registerVersion).not.toBe(
      jo?.registerVersion,
    );

    const listed = await cli('list', '--json');
    expect(listed.out.map((l) => JSON.parse(l).citizenReference)).toEqual(['CR-1', 'CR-2']);

    expect((await cli('remove', 'CR-1')).code).toBe(0);
    expect(await keys()).toEqual(['email#rhys@example.org', 'ref#CR-2']);
  });

  it('leaves the table untouched when a file has a bad line', async () => {
    const before = await keys();
    const result = await cli('import', file('bad.csv', 'CR-7,seven@example.org,', 'CR-8,,020 7946 0123'));
    expect(result.code).toBe(1);
    expect(result.err[0]).toMatch(/bad\.csv:3: mobile is not a UK mobile number/);
    expect(await keys()).toEqual(before);
  });

  it('writes more citizens than one batch holds', async () => {
    const lines = Array.from(
      { length: 30 },
      (_, i) => `CR-9${String(i).padStart(3, '0')},c${i}@example.org,`,
    );
    expect((await cli('import', file('many.csv', ...lines))).code).toBe(0);
    expect((await register.list()).filter((c) => c.citizenReference.startsWith('CR-9'))).toHaveLength(30);
  });

  it('seeds an empty table from the bundled sample register', async () => {
    const seedTables = localTableNames('contacts-seed');
    await createTables(client, seedTables);
    const sample = join(import.meta.dirname, '..', '..', 'samples', 'contacts.csv');
    expect(await seedContacts(client, seedTables.contacts, sample)).toBe(3);
    expect(await seedContacts(client, seedTables.contacts, sample)).toBe(0);
    const seeded = new DynamoDbContactRegister(client, seedTables.contacts);
    expect(await seeded.isValidatedContact('jo.bloggs@example-mail.co.uk')).toBe(true);
    expect((await seeded.find({ kind: 'reference', value: 'CR-000532' }))?.mobile).toBe('+447400123456');
  });
});
