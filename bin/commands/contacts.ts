import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDbContactRegister } from '../../shared/adapters/dynamodb-contact-register.ts';
import { normaliseCitizenReference } from '../../shared/contacts/contact-point.ts';
import { importContacts } from '../../shared/contacts/import-contacts.ts';
import type { ContactRegisterAdmin } from '../../shared/pipeline/ports.ts';
import { type CommandIo, describeFsError, EXIT_INPUT, EXIT_OK, table, UsageError } from '../cli-support.ts';

export const CONTACTS_USAGE =
  'caveat contacts import [--dry-run] FILE.csv | list [--json] | remove REF... [--table NAME] [--region R] [--profile P] [--endpoint URL | --local]';

/** Where the register lives: the table and how to reach it. */
export interface RegisterLocation {
  readonly table: string;
  readonly region: string;
  readonly profile?: string;
  readonly endpoint?: string;
  readonly local: boolean;
}

/** `npm start`'s DynamoDB Local and its table (local/start.ts, local/create-tables.ts). */
export const LOCAL_REGISTER = { endpoint: 'http://127.0.0.1:8000', table: 'caveat-contacts' } as const;

export type OpenRegister = (location: RegisterLocation) => ContactRegisterAdmin & { close(): void };

/** The DynamoDB register: AWS through the SDK's credential chain (or `--profile`), or a local endpoint. */
export const openDynamoDbRegister: OpenRegister = (location) => {
  const endpoint = location.endpoint ?? (location.local ? LOCAL_REGISTER.endpoint : undefined);
  const client = new DynamoDBClient({
    region: location.region,
    ...(endpoint ? { endpoint } : {}),
    ...(location.profile ? { profile: location.profile } : {}),
    // Local services accept any key; these authorise nothing anywhere else.
    ...(location.local ? { credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } } : {}),
  });
  const register = new DynamoDbContactRegister(client, location.table);
  return Object.assign(register, { close: () => client.destroy() });
};

export function contactsCommand(open: OpenRegister = openDynamoDbRegister) {
  return async (args: string[], io: CommandIo): Promise<number> => {
    const [sub, ...rest] = args;
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        table: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        endpoint: { type: 'string' },
        local: { type: 'boolean', default: false },
      },
    });
    const location: RegisterLocation = {
      table:
        values.table ??
        process.env.CAVEAT_CONTACTS_TABLE ??
        (values.local ? LOCAL_REGISTER.table : missingTable()),
      region: values.region ?? process.env.AWS_REGION ?? 'eu-west-2',
      ...(values.profile ? { profile: values.profile } : {}),
      ...(values.endpoint ? { endpoint: values.endpoint } : {}),
      local: values.local,
    };
    switch (sub) {
      case 'import':
        return importCommand(positionals, values['dry-run'], location, open, io);
      case 'list':
        return withRegister(open, location, async (register) => {
          const contacts = await register.list();
          if (values.json) for (const c of contacts) io.out(JSON.stringify(c));
          else
            for (const line of table(
              ['CITIZEN_REFERENCE', 'EMAIL', 'MOBILE', 'VERSION'],
              contacts.map((c) => [c.citizenReference, c.email ?? '-', c.mobile ?? '-', c.registerVersion]),
            ))
              io.out(line);
          return EXIT_OK;
        });
      case 'remove':
        return removeCommand(positionals, location, open, io);
      default:
        throw new UsageError(`contacts needs import, list or remove${sub ? ` (not "${sub}")` : ''}`);
    }
  };
}

function missingTable(): never {
  throw new UsageError('contacts needs --table NAME (or CAVEAT_CONTACTS_TABLE, or --local)');
}

async function withRegister(
  open: OpenRegister,
  location: RegisterLocation,
  run: (register: ContactRegisterAdmin) => Promise<number>,
): Promise<number> {
  const register = open(location);
  try {
    return await run(register);
  } finally {
    register.close();
  }
}

async function importCommand(
  files: readonly string[],
  dryRun: boolean,
  location: RegisterLocation,
  open: OpenRegister,
  io: CommandIo,
): Promise<number> {
  if (files.length !== 1) throw new UsageError('contacts import needs exactly one FILE.csv');
  const file = files[0] as string;
  let csv: string;
  try {
    csv = await readFile(file, 'utf8');
  } catch (error) {
    io.err(`caveat: cannot read ${file}: ${describeFsError(error)}`);
    return EXIT_INPUT;
  }
  return withRegister(open, location, async (register) => {
    const report = await importContacts(register, csv, { dryRun });
    for (const problem of report.problems) io.err(`${file}:${problem.line}: ${problem.message}`);
    if (report.problems.length > 0) {
      io.err(`caveat: ${report.problems.length} problem(s) in ${file}; nothing was imported`);
      return EXIT_INPUT;
    }
    const summary = `${report.contacts} citizen(s): ${report.added} new, ${report.changed} changed, ${report.unchanged} unchanged; register version ${report.version}`;
    io.out(dryRun ? `${file} is valid (dry run, nothing written): ${summary}` : `imported ${summary}`);
    return EXIT_OK;
  });
}

async function removeCommand(
  references: readonly string[],
  location: RegisterLocation,
  open: OpenRegister,
  io: CommandIo,
): Promise<number> {
  if (references.length === 0) throw new UsageError('contacts remove needs at least one citizen reference');
  const normalised = references.map((reference) => {
    const result = normaliseCitizenReference(reference);
    if (!result.ok) throw new UsageError(`"${reference}" is not a citizen reference`);
    return result.value;
  });
  return withRegister(open, location, async (register) => {
    let exit = EXIT_OK;
    for (const reference of normalised) {
      if (await register.remove(reference)) io.out(`removed ${reference}`);
      else {
        io.err(`caveat: no contact with citizen reference ${reference}`);
        exit = EXIT_INPUT;
      }
    }
    return exit;
  });
}
