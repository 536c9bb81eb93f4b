/**
 * `caveat contacts import`: validates a whole register file, checks it against the register as it
 * stands, and only then writes it. Either every line is written or none is.
 */
import type { ContactChange, ContactRegisterAdmin, ValidatedContact } from '../pipeline/ports.ts';
import { type ContactsFileProblem, type ContactsFileRow, readContactsFile } from './contacts-file.ts';

export interface ImportReport {
  readonly version: string;
  /** Citizens in the file. */
  readonly contacts: number;
  readonly added: number;
  readonly changed: number;
  readonly unchanged: number;
  readonly problems: readonly ContactsFileProblem[];
  /** False on a dry run or when there were problems. */
  readonly written: boolean;
}

/** Lookups in flight at once: enough to be quick, few enough not to throttle the table. */
const CONCURRENCY = 8;

export async function importContacts(
  register: ContactRegisterAdmin,
  csv: string,
  options: { readonly dryRun: boolean },
): Promise<ImportReport> {
  const file = readContactsFile(csv);
  const empty = { version: file.version, contacts: 0, added: 0, changed: 0, unchanged: 0 };
  if (file.problems.length > 0) return { ...empty, problems: file.problems, written: false };

  const inFile = new Map(file.rows.map((row) => [row.contact.citizenReference, row.contact]));
  const checked = await mapLimited(file.rows, (row) => checkAgainstRegister(register, row, inFile));
  const problems = checked.flatMap((c) => c.problems);
  if (problems.length > 0) return { ...empty, contacts: file.rows.length, problems, written: false };

  const changes: ContactChange[] = checked.map((c) => c.change);
  const counts = {
    added: changes.filter((c) => !c.previous).length,
    changed: changes.filter((c) => c.previous && !samePoints(c.previous, c.next)).length,
  };
  if (!options.dryRun) await register.write(changes);
  return {
    version: file.version,
    contacts: changes.length,
    ...counts,
    unchanged: changes.length - counts.added - counts.changed,
    problems: [],
    written: !options.dryRun,
  };
}

/** An address that already belongs to another citizen is a conflict, unless this file moves it. */
async function checkAgainstRegister(
  register: ContactRegisterAdmin,
  row: ContactsFileRow,
  inFile: ReadonlyMap<string, ValidatedContact>,
): Promise<{ change: ContactChange; problems: ContactsFileProblem[] }> {
  const { contact } = row;
  const previous = await register.find({ kind: 'reference', value: contact.citizenReference });
  const problems: ContactsFileProblem[] = [];
  for (const kind of ['email', 'mobile'] as const) {
    const value = contact[kind];
    if (!value) continue;
    const owner = await register.find({ kind, value });
    if (!owner || owner.citizenReference === contact.citizenReference) continue;
    const ownerInFile = inFile.get(owner.citizenReference);
    if (ownerInFile && ownerInFile[kind] !== value) continue;
    problems.push({
      line: row.line,
      message: `conflicts with the register: the ${kind} belongs to another citizen_reference (remove it there first)`,
    });
  }
  return { change: { next: contact, ...(previous ? { previous } : {}) }, problems };
}

function samePoints(a: ValidatedContact, b: ValidatedContact): boolean {
  return a.email === b.email && a.mobile === b.mobile;
}

async function mapLimited<T, R>(items: readonly T[], fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
  return results;
}
