import { describe, expect, it } from 'vitest';
import {
  ContactsFileError,
  CsvContactRegister,
  NO_CONTACTS,
} from '../../shared/adapters/csv-contact-register.ts';

describe('CsvContactRegister', () => {
  it('finds addresses case-insensitively and ignores surrounding space', async () => {
    const register = CsvContactRegister.fromCsv(
      'citizen_reference,Email\r\nCR-1, Jo.Bloggs@Example.co.uk \r\n',
      'contacts.csv',
    );
    expect(await register.isValidatedContact('jo.bloggs@example.co.uk')).toBe(true);
    expect(await register.isValidatedContact('JO.BLOGGS@EXAMPLE.CO.UK')).toBe(true);
    expect(await register.isValidatedContact('someone.else@example.co.uk')).toBe(false);
    expect(register.size).toBe(1);
  });

  it('reads a file with a byte-order mark and blank lines', async () => {
    const register = CsvContactRegister.fromCsv(
      '\uFEFFemail\n\na@example.org\n\nb@example.org\n',
      'contacts.csv',
    );
    expect(register.size).toBe(2);
    expect(await register.isValidatedContact('b@example.org')).toBe(true);
  });

  it('names the file and the columns when there is no email column', () => {
    expect(() => CsvContactRegister.fromCsv('name,phone\nJo,07700900123\n', 'people.csv')).toThrow(
      new ContactsFileError('people.csv: no "email" column (columns found: name, phone)'),
    );
  });

  it('rejects a file with no header at all', () => {
    expect(() => CsvContactRegister.fromCsv('', 'empty.csv')).toThrow(/empty\.csv: no "email" column/);
  });

  it('reports CSV syntax errors with the file name', () => {
    expect(() => CsvContactRegister.fromCsv('email\n"unterminated@example.org\n', 'broken.csv')).toThrow(
      /broken\.csv: not valid CSV/,
    );
  });

  it('has an empty register that verifies nobody', async () => {
    expect(await NO_CONTACTS.isValidatedContact('jo.bloggs@example.co.uk')).toBe(false);
  });
});
