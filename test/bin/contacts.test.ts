import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { contactsCommand, type RegisterLocation } from '../../bin/commands/contacts.ts';
import { MemoryContactRegister } from '../pipeline/fakes.ts';

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'caveat-contacts-cli-'));
});

function harness(register = new MemoryContactRegister()) {
  const opened: RegisterLocation[] = [];
  let closed = 0;
  const command = contactsCommand((location) => {
    opened.push(location);
    return Object.assign(register, {
      close: () => {
        closed += 1;
      },
    });
  });
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await command(args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: async () => '',
    });
    return { code, out, err };
  };
  return { register, opened, run, closed: () => closed };
}

const csvFile = (name: string, ...lines: string[]) => {
  const file = path.join(scratch, name);
  writeFileSync(file, `${['citizen_reference,email,mobile', ...lines].join('\n')}\n`);
  return file;
};

describe('caveat contacts', () => {
  it('imports a valid file into the table it is given and closes the client', async () => {
    const h = harness();
    const file = csvFile('good.csv', 'CR-1,jo@example.org,', 'CR-2,,07400 123456');
    const { code, out, err } = await h.run([
      'import',
      '--table',
      'prod-contacts',
      '--region',
      'eu-west-1',
      file,
    ]);
    expect({ code, err }).toEqual({ code: 0, err: [] });
    expect(out[0]).toMatch(
      /^imported 2 citizen\(s\): 2 new, 0 changed, 0 unchanged; register version [0-9a-f]{16}$/,
    );
    expect(h.opened).toEqual([{ table: 'prod-contacts', region: 'eu-west-1', local: false }]);
    expect(h.register.citizens.size).toBe(2);
    expect(h.closed()).toBe(1);
  });

  it('reports each bad line as FILE:LINE, exits 1 and imports nothing', async () => {
    const h = harness();
    const file = csvFile('bad.csv', 'CR-1,jo@example.org,', 'CR-2,,020 7946 0123', 'CR-1,jo@example.org,');
    const { code, out, err } = await h.run(['import', '--local', file]);
    expect(code).toBe(1);
    expect(out).toEqual([]);
    expect(err).toEqual([
      `${file}:3: mobile is not a UK mobile number (07… / +447…); landlines cannot receive texts (DWP SMS Text Policy 10.2)`,
      `${file}:4: duplicate of line 2`,
      `caveat: 2 problem(s) in ${file}; nothing was imported`,
    ]);
    expect(h.register.writes).toBe(0);
  });

  it('validates without writing on --dry-run', async () => {
    const h = harness();
    const { code, out } = await h.run([
      'import',
      '--dry-run',
      '--local',
      csvFile('dry.csv', 'CR-1,jo@example.org,'),
    ]);
    expect(code).toBe(0);
    expect(out[0]).toContain('is valid (dry run, nothing written): 1 citizen(s)');
    expect(h.register.writes).toBe(0);
  });

  it('lists and removes citizens by reference', async () => {
    const h = harness(
      new MemoryContactRegister([
        { citizenReference: 'CR-1', email: 'jo@example.org', registerVersion: 'abc' },
      ]),
    );
    expect((await h.run(['list', '--local'])).out).toEqual([
      'CITIZEN_REFERENCE  EMAIL           MOBILE  VERSION',
      '-----------------  --------------  ------  -------',
      'CR-1               jo@example.org  -       abc',
    ]);
    expect(await h.run(['remove', '--local', 'cr-1', 'CR-9'])).toEqual({
      code: 1,
      out: ['removed CR-1'],
      err: ['caveat: no contact with citizen reference CR-9'],
    });
    expect(h.register.citizens.size).toBe(0);
  });

  it('says which table is missing rather than guess one in AWS', async () => {
    const previous = process.env.CAVEAT_CONTACTS_TABLE;
    delete process.env.CAVEAT_CONTACTS_TABLE;
    try {
      await expect(harness().run(['list'])).rejects.toThrow(/--table NAME/);
    } finally {
      if (previous !== undefined) process.env.CAVEAT_CONTACTS_TABLE = previous;
    }
  });

  it('refuses an unknown subcommand and a missing file', async () => {
    await expect(harness().run(['purge', '--local'])).rejects.toThrow(
      'contacts needs import, list or remove (not "purge")',
    );
    const missing = await harness().run(['import', '--local', path.join(scratch, 'nope.csv')]);
    expect(missing.code).toBe(1);
    expect(missing.err[0]).toContain('no such file or directory');
  });
});
