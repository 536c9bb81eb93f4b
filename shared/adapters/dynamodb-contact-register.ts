import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactRegister } from '../pipeline/ports.ts';
import { documentClient } from './dynamodb-document.ts';

/**
 * The contacts table's partition key for an email contact point: `email#<address>`, trimmed and
 * lower-cased. Whatever writes contacts must use this so that lookups find them; the prefix
 * leaves room for other kinds of contact point.
 */
export function contactKey(address: string): string {
  return `email#${address.trim().toLowerCase()}`;
}

/** The attributes of a contact item the register reads. */
export interface ContactItem {
  readonly contactKey: string;
  /** True once the contact point has been validated (DWP Email Policy 3.10). */
  readonly validated: boolean;
  /** ISO-8601 time the contact point was withdrawn; a revoked contact no longer counts. */
  readonly revokedAt?: string;
}

/** The validated-contacts register on the contacts table (`contactKey`). */
export class DynamoDbContactRegister implements ContactRegister {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async isValidatedContact(address: string): Promise<boolean> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { contactKey: contactKey(address) },
        // Only the two flags: the rest of a contact item is personal data this lookup has no use for.
        ProjectionExpression: '#validated, #revokedAt',
        ExpressionAttributeNames: { '#validated': 'validated', '#revokedAt': 'revokedAt' },
      }),
    );
    // Strictly `true`: a string "true" or a number from a hand-edited item does not validate anyone.
    return Item?.validated === true && Item.revokedAt === undefined;
  }
}
