import { describe, expect, it } from 'vitest';
import { readContactsFile, registerVersion } from '../../shared/contacts/contacts-file.ts';

const HEADER = 'citizen_reference,email,mobile';
const file = (...lines: string[]) => `${[HEADER, ...lines].join('\n')}\n`;

describe('Contacts file', () => {
  it('reads every citizen, normalised, with the file version', () => {
    const csv = file('cr-000418,Jo.Bloggs@Example-Mail.co.uk,', 'CR-000532,,07400 123456');
    const result = readContactsFile(csv);
    expect(result.problems).toEqual([]);
    expect(result.version).toBe(registerVersion(csv));
    expect(result.version).toMatch(/^[0-9a-f]{16}$/);
    expect(result.rows).toEqual([
      {
        line: 2,
        contact: {
          citizenReference: 'CR-000418',
          email: 'jo.bloggs@example-mail.co.uk',
          registerVersion: result.version,
        },
      },
      {
        line: 3,
        contact: { citizenReference: 'CR-000532', mobile: '+447400123456', registerVersion: result.version },
      },
    ]);
  });

  it('reads the bundled sample register', async () => {
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(new URL('../../samples/contacts.csv', import.meta.url), 'utf8');
    const result = readContactsFile(csv);
    expect(result.problems).toEqual([]);
    expect(result.rows.map((r) => r.contact.citizenReference)).toEqual([
      'CR-000418',
      'CR-000977',
      'CR-000532',
    ]);
  });

  it('reports every problem with its line and returns no contacts', () => {
    const result = readContactsFile(
      file(
        'CR-1,jo.bloggs@,', // 2 malformed email
        'CR-2,,020 7946 0123', // 3 landline as mobile
        'CR-3,rhys@example.org,', // 4 fine
        'CR-3,rhys@example.org,', // 5 duplicate of 4
        'CR-3,other@example.org,', // 6 conflicts with 4
        'CR-4,RHYS@example.org,', // 7 same email, another citizen
        'CR-5,,', // 8 no contact point
        'CR 6,six@example.org,', // 9 bad reference
      ),
    );
    expect(result.rows).toEqual([]);
    expect(result.problems).toEqual([
      { line: 2, message: 'email is not a valid email address' },
      {
        line: 3,
        message:
          'mobile is not a UK mobile number (07… / +447…); landlines cannot receive texts (DWP SMS Text Policy 10.2)',
      },
      { line: 5, message: 'duplicate of line 4' },
      { line: 6, message: 'conflicts with line 4: the same citizen_reference with different contact points' },
      { line: 7, message: 'conflicts with line 4: the same email for a different citizen_reference' },
      { line: 8, message: 'no contact point: give an email, a mobile or both' },
      { line: 9, message: 'citizen_reference must be 1-40 letters, digits or dashes' },
    ]);
  });

  it('counts lines as an editor does, across quoted line breaks and blank lines', () => {
    const csv = `${HEADER}\n"CR-1","jo@example.org",""\n\n"CR-2","bad\naddress",""\n`;
    expect(readContactsFile(csv).problems).toEqual([
      { line: 5, message: 'email is not a valid email address' },
    ]);
  });

  it('never repeats a value in a problem: the values are personal data', () => {
    const result = readContactsFile(file('CR-1,jo.bloggs@nowhere,', 'CR-2,,020 7946 0123'));
    const text = result.problems.map((p) => p.message).join('\n');
    expect(text).not.toContain('jo.bloggs');
    expect(text).not.toContain('7946');
  });

  it.each([
    [
      'no reference column',
      'email\njo@example.org\n',
      'no "citizen_reference" column (columns found: email)',
    ],
    [
      'no contact column',
      'citizen_reference,name\nCR-1,Jo\n',
      'no "email" or "mobile" column (columns found: citizen_reference, name)',
    ],
  ])('refuses a file with %s', (_case, csv, message) => {
    expect(readContactsFile(csv).problems).toEqual([{ line: 1, message }]);
  });

  it('refuses a file that is not CSV, naming the line', () => {
    const result = readContactsFile(`${HEADER}\nCR-1,"jo@example.org,\n`);
    expect(result.rows).toEqual([]);
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.message).toMatch(/^not valid CSV: /);
  });
});
