import { describe, expect, it } from 'vitest';
import { importContacts } from '../../shared/contacts/import-contacts.ts';
import { MemoryContactRegister } from '../pipeline/fakes.ts';

const csv = (...lines: string[]) => `${['citizen_reference,email,mobile', ...lines].join('\n')}\n`;
const existing = { citizenReference: 'CR-1', email: 'jo@example.org', registerVersion: 'v0' };

describe('importContacts', () => {
  it('writes a valid file in one go and reports what changed', async () => {
    const register = new MemoryContactRegister([existing]);
    const report = await importContacts(
      register,
      csv('CR-1,jo@example.org,', 'CR-2,rhys@example.org,07400 123456'),
      {
        dryRun: false,
      },
    );
    expect(report).toMatchObject({
      contacts: 2,
      added: 1,
      changed: 0,
      unchanged: 1,
      problems: [],
      written: true,
    });
    expect(register.writes).toBe(1);
    expect(await register.list()).toEqual([
      { citizenReference: 'CR-1', email: 'jo@example.org', registerVersion: report.version },
      {
        citizenReference: 'CR-2',
        email: 'rhys@example.org',
        mobile: '+447400123456',
        registerVersion: report.version,
      },
    ]);
  });

  it('writes nothing on a dry run', async () => {
    const register = new MemoryContactRegister([existing]);
    const report = await importContacts(register, csv('CR-1,jo.new@example.org,'), { dryRun: true });
    expect(report).toMatchObject({ contacts: 1, changed: 1, written: false });
    expect(register.writes).toBe(0);
    expect((await register.find({ kind: 'reference', value: 'CR-1' }))?.email).toBe('jo@example.org');
  });

  it('writes nothing when any line is wrong, however many are right', async () => {
    const register = new MemoryContactRegister();
    const report = await importContacts(register, csv('CR-1,jo@example.org,', 'CR-2,,01632 960 123'), {
      dryRun: false,
    });
    expect(report.written).toBe(false);
    expect(report.problems.map((p) => p.line)).toEqual([3]);
    expect(register.writes).toBe(0);
  });

  it('refuses an address the register holds for another citizen', async () => {
    const register = new MemoryContactRegister([existing]);
    const report = await importContacts(register, csv('CR-2,jo@example.org,'), { dryRun: false });
    expect(report.problems).toEqual([
      {
        line: 2,
        message:
          'conflicts with the register: the email belongs to another citizen_reference (remove it there first)',
      },
    ]);
    expect(register.writes).toBe(0);
  });

  it('accepts an address moved between citizens within the same file', async () => {
    const register = new MemoryContactRegister([existing]);
    const report = await importContacts(register, csv('CR-1,jo.new@example.org,', 'CR-2,jo@example.org,'), {
      dryRun: false,
    });
    expect(report.problems).toEqual([]);
    expect((await register.find({ kind: 'email', value: 'jo@example.org' }))?.citizenReference).toBe('CR-2');
  });
});
