/**
 * Seeds the local contacts table from a contacts CSV (by default `samples/contacts.csv`, the file
 * the CLI's `--contacts` reads), so the demo's verified citizens are verified locally too. Runs only
 * when the table is empty: contacts added or revoked by hand survive a restart.
 */
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDbContactRegister } from '../shared/adapters/dynamodb-contact-register.ts';
import { importContacts } from '../shared/contacts/import-contacts.ts';

/** The seed file is not a valid register: the message lists each problem with its line. */
export class SeedContactsError extends Error {
  override readonly name = 'SeedContactsError';
}

/**
 * Imports `csvFile` as `caveat contacts import` does when `table` holds no item yet.
 * Returns how many citizens were written (0 when the table already had some).
 */
export async function seedContacts(client: DynamoDBClient, table: string, csvFile: string): Promise<number> {
  const db = DynamoDBDocumentClient.from(client);
  const { Items } = await db.send(
    new ScanCommand({ TableName: table, Limit: 1, ProjectionExpression: 'contactKey' }),
  );
  if (Items && Items.length > 0) return 0;
  const report = await importContacts(
    new DynamoDbContactRegister(client, table),
    readFileSync(csvFile, 'utf8'),
    {
      dryRun: false,
    },
  );
  if (report.problems.length > 0) {
    throw new SeedContactsError(
      [
        `${csvFile} is not a valid contacts register:`,
        ...report.problems.map((p) => `  line ${p.line}: ${p.message}`),
      ].join('\n'),
    );
  }
  return report.contacts;
}
