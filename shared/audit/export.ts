/**
 * Audit entries as rows: the columns of the CLI's table and CSV, and JSON Lines. A page at a
 * time, so an export of any size streams in constant memory.
 */
import { stringify } from 'csv-stringify/sync';
import type { StoredAuditEntry } from './ports.ts';

/** CSV columns, in order, with how each is read from an entry. */
export const CSV_COLUMNS: readonly (readonly [
  string,
  (entry: StoredAuditEntry) => string | number | undefined,
])[] = [
  ['at', (e) => e.at],
  ['messageId', (e) => e.messageId],
  ['mailbox', (e) => e.mailbox],
  ['stage', (e) => e.stage],
  ['classification', (e) => e.classification],
  ['action', (e) => e.action],
  ['ruleId', (e) => e.ruleId],
  ['rules', (e) => e.rules?.map((rule) => rule.id).join(' ')],
  ['paragraphs', (e) => [...new Set(e.rules?.flatMap((rule) => rule.paragraphs))].join('; ')],
  ['policyId', (e) => e.policyId],
  ['policyVersion', (e) => e.policyVersion],
  ['senderDomain', (e) => e.senderDomain],
  ['senderTrust', (e) => e.senderTrust],
  ['findings', (e) => e.findings?.map((f) => `${f.type}x${f.count}`).join(' ')],
  ['officer', (e) => e.officer],
  ['actor', (e) => e.actor],
  ['outcome', (e) => (e.outcome ? JSON.stringify(e.outcome) : undefined)],
  ['error', (e) => (e.error ? `${e.error.stage}: ${e.error.code}` : undefined)],
  ['seq', (e) => e.seq],
  ['chainSeq', (e) => e.chainSeq],
  ['hash', (e) => e.hash],
];

/** CSV text for a page of entries; the header only with the first page. */
export function csvPage(entries: readonly StoredAuditEntry[], withHeader: boolean): string {
  return stringify(
    entries.map((entry) => CSV_COLUMNS.map(([, read]) => read(entry) ?? '')),
    { header: withHeader, columns: CSV_COLUMNS.map(([name]) => name) },
  );
}

/** One JSON object per entry, one per line. */
export function jsonLinesPage(entries: readonly StoredAuditEntry[]): string {
  return entries.map((entry) => `${JSON.stringify(entry)}\n`).join('');
}

/** The columns of the plain-text table. */
export const TABLE_HEADERS = [
  'at',
  'message',
  'mailbox',
  'stage',
  'class',
  'action',
  'rule',
  'policy',
  'sender',
  'officer',
];

export function tableRow(entry: StoredAuditEntry): string[] {
  return [
    entry.at.replace(/\.\d{3}Z$/, 'Z'),
    entry.messageId,
    entry.mailbox,
    entry.stage,
    entry.classification ?? '',
    entry.action ?? '',
    entry.ruleId ?? '',
    entry.policyVersion ? `${entry.policyId ?? ''}@${entry.policyVersion}` : '',
    entry.senderDomain ?? '',
    entry.officer ?? '',
  ];
}
