/**
 * Reads a validated-contacts CSV from the department's case system and says, line by line, what
 * is wrong with it. Nothing is written from a file with any problem, so the result is either
 * every contact or every problem. Problems name the line and the column, never the value: the
 * values are personal data and the operator has the file.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import type { ValidatedContact } from '../pipeline/ports.ts';
import {
  type ContactPointProblem,
  normaliseCitizenReference,
  normaliseEmail,
  normaliseUkMobile,
} from './contact-point.ts';

export const CONTACTS_COLUMNS = { reference: 'citizen_reference', email: 'email', mobile: 'mobile' } as const;

/** One problem on one line (1-based, as an editor shows it). */
export interface ContactsFileProblem {
  readonly line: number;
  readonly message: string;
}

export interface ContactsFileRow {
  readonly line: number;
  readonly contact: ValidatedContact;
}

export interface ContactsFileResult {
  /** sha256 of the file, first 16 hex digits: recorded with every use of these contacts. */
  readonly version: string;
  readonly rows: readonly ContactsFileRow[];
  readonly problems: readonly ContactsFileProblem[];
}

const PROBLEM_TEXT: Record<ContactPointProblem, string> = {
  'email-malformed': 'email is not a valid email address',
  'mobile-malformed': 'mobile is not a valid phone number',
  'mobile-not-uk-mobile':
    'mobile is not a UK mobile number (07… / +447…); landlines cannot receive texts (DWP SMS Text Policy 10.2)',
  'reference-malformed': 'citizen_reference must be 1-40 letters, digits or dashes',
};

/** Version of a register file: the same file always gives the same version. */
export function registerVersion(csv: string): string {
  return createHash('sha256').update(csv).digest('hex').slice(0, 16);
}

/** A record as csv-parse gives it with `info`: the line it ends on is `info.lines`. */
type HeadedRecord = { readonly record: Record<string, string>; readonly info: { readonly lines: number } };

/** CSV records under a header row whose names are trimmed and lower-cased, each with its last line. */
export function parseHeadedCsv(csv: string): { columns: string[]; records: HeadedRecord[] } {
  let columns: string[] = [];
  const records = parse(csv, {
    columns: (header: string[]) => {
      columns = header.map((name) => name.trim().toLowerCase());
      return columns;
    },
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
  }) as HeadedRecord[];
  return { columns, records };
}

export function readContactsFile(csv: string): ContactsFileResult {
  const version = registerVersion(csv);
  let parsed: ReturnType<typeof parseHeadedCsv>;
  try {
    parsed = parseHeadedCsv(csv);
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { version, rows: [], problems: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const { columns, records } = parsed;
  const missing = missingColumns(columns);
  if (missing) return { version, rows: [], problems: [{ line: 1, message: missing }] };

  const rows: ContactsFileRow[] = [];
  const problems: ContactsFileProblem[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const result = readRow(record, version);
    if ('problems' in result) problems.push(...result.problems.map((message) => ({ line, message })));
    else rows.push({ line, contact: result.contact });
  }
  problems.push(...crossRowProblems(rows));
  problems.sort((a, b) => a.line - b.line);
  return { version, rows: problems.length === 0 ? rows : [], problems };
}

function missingColumns(columns: readonly string[]): string | undefined {
  if (!columns.includes(CONTACTS_COLUMNS.reference))
    return `no "${CONTACTS_COLUMNS.reference}" column (columns found: ${columns.join(', ') || 'none'})`;
  if (!columns.includes(CONTACTS_COLUMNS.email) && !columns.includes(CONTACTS_COLUMNS.mobile))
    return `no "${CONTACTS_COLUMNS.email}" or "${CONTACTS_COLUMNS.mobile}" column (columns found: ${columns.join(', ')})`;
  return undefined;
}

function readRow(
  record: Record<string, string>,
  version: string,
): { contact: ValidatedContact } | { problems: string[] } {
  const problems: string[] = [];
  const reference = normaliseCitizenReference(record[CONTACTS_COLUMNS.reference] ?? '');
  if (!reference.ok) problems.push(PROBLEM_TEXT[reference.problem]);
  const rawEmail = record[CONTACTS_COLUMNS.email] ?? '';
  const rawMobile = record[CONTACTS_COLUMNS.mobile] ?? '';
  const email = rawEmail ? normaliseEmail(rawEmail) : undefined;
  const mobile = rawMobile ? normaliseUkMobile(rawMobile) : undefined;
  if (email && !email.ok) problems.push(PROBLEM_TEXT[email.problem]);
  if (mobile && !mobile.ok) problems.push(PROBLEM_TEXT[mobile.problem]);
  if (!email && !mobile) problems.push('no contact point: give an email, a mobile or both');
  if (problems.length > 0 || !reference.ok) return { problems };
  return {
    contact: {
      citizenReference: reference.value,
      ...(email?.ok ? { email: email.value } : {}),
      ...(mobile?.ok ? { mobile: mobile.value } : {}),
      registerVersion: version,
    },
  };
}

/** Repeated references, and one address given for two citizens, each against the first line seen. */
function crossRowProblems(rows: readonly ContactsFileRow[]): ContactsFileProblem[] {
  const problems: ContactsFileProblem[] = [];
  const byReference = new Map<string, ContactsFileRow>();
  const owners = { email: new Map<string, ContactsFileRow>(), mobile: new Map<string, ContactsFileRow>() };
  for (const row of rows) {
    const { contact } = row;
    const first = byReference.get(contact.citizenReference);
    if (first) {
      const same = first.contact.email === contact.email && first.contact.mobile === contact.mobile;
      problems.push({
        line: row.line,
        message: same
          ? `duplicate of line ${first.line}`
          : `conflicts with line ${first.line}: the same citizen_reference with different contact points`,
      });
      continue;
    }
    byReference.set(contact.citizenReference, row);
    for (const kind of ['email', 'mobile'] as const) {
      const value = contact[kind];
      if (!value) continue;
      const owner = owners[kind].get(value);
      if (owner)
        problems.push({
          line: row.line,
          message: `conflicts with line ${owner.line}: the same ${kind} for a different citizen_reference`,
        });
      else owners[kind].set(value, row);
    }
  }
  return problems;
}
