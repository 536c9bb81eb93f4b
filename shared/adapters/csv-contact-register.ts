import { parseHeadedCsv } from '../contacts/contacts-file.ts';
import type { ContactRegister } from '../pipeline/ports.ts';

/** A contacts file could not be used as a register. */
export class ContactsFileError extends Error {
  override name = 'ContactsFileError';
}

/**
 * The validated-contacts register read from a CSV file with an `email` column, for the CLI and
 * local runs. Addresses are trimmed and lower-cased; lookups use the same normalisation.
 */
export class CsvContactRegister implements ContactRegister {
  readonly size: number;
  readonly #addresses: ReadonlySet<string>;

  constructor(addresses: Iterable<string>) {
    this.#addresses = new Set([...addresses].map(normaliseAddress));
    this.size = this.#addresses.size;
  }

  /** Parses CSV text; `source` names the file in error messages. */
  static fromCsv(csv: string, source: string): CsvContactRegister {
    return new CsvContactRegister(readContactsCsv(csv, source));
  }

  async isValidatedContact(address: string): Promise<boolean> {
    return this.#addresses.has(normaliseAddress(address));
  }
}

/**
 * The addresses in a contacts CSV's `email` column (header names trimmed, any case), as written;
 * empty cells are skipped. `source` names the file in error messages.
 */
export function readContactsCsv(csv: string, source: string): string[] {
  let parsed: ReturnType<typeof parseHeadedCsv>;
  try {
    parsed = parseHeadedCsv(csv);
  } catch (error) {
    throw new ContactsFileError(`${source}: not valid CSV (${(error as Error).message})`, { cause: error });
  }
  const { columns } = parsed;
  const records = parsed.records.map((r) => r.record);
  if (!columns.includes('email')) {
    throw new ContactsFileError(
      `${source}: no "email" column (columns found: ${columns.join(', ') || 'none'})`,
    );
  }
  return records.map((r) => r.email ?? '').filter((email) => email.length > 0);
}

/** An empty register: nobody is a verified citizen. */
export const NO_CONTACTS: ContactRegister = { isValidatedContact: async () => false };

function normaliseAddress(address: string): string {
  return address.trim().toLowerCase();
}
