/**
 * Seeds the local contacts table from a contacts CSV (by default `samples/contacts.csv`, the file
 * the CLI's `--contacts` reads), so the demo's verified citizens are verified locally too. Runs only
 * when the table is empty: contacts added or revoked by hand survive a restart.
 */
import { readFileSync } from 'node:fs';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { readContactsCsv } from '../shared/adapters/csv-contact-register.ts';
import { type ContactItem, contactKey } from '../shared/adapters/dynamodb-contact-register.ts';

/** DynamoDB's BatchWriteItem limit. */
const BATCH = 25;

/**
 * Writes every address in `csvFile` as a validated contact when `table` holds no item yet.
 * Returns how many contacts were written (0 when the table already had some).
 */
export async function seedContacts(client: DynamoDBClient, table: string, csvFile: string): Promise<number> {
  const db = DynamoDBDocumentClient.from(client);
  const { Items } = await db.send(
    new ScanCommand({ TableName: table, Limit: 1, ProjectionExpression: 'contactKey' }),
  );
  if (Items && Items.length > 0) return 0;

  const keys = [...new Set(readContactsCsv(readFileSync(csvFile, 'utf8'), csvFile).map(contactKey))];
  const items: ContactItem[] = keys.map((key) => ({ contactKey: key, validated: true }));
  for (let i = 0; i < items.length; i += BATCH) {
    let requests: NonNullable<ConstructorParameters<typeof BatchWriteCommand>[0]['RequestItems']>[string] =
      items.slice(i, i + BATCH).map((Item) => ({ PutRequest: { Item } }));
    // DynamoDB may leave part of a batch unprocessed; send the rest again until none is left.
    while (requests.length > 0) {
      const { UnprocessedItems } = await db.send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = UnprocessedItems?.[table] ?? [];
    }
  }
  return items.length;
}
