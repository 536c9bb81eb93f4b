import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { HeldMessage, HeldMessages } from '../portal/ports.ts';
import { documentClient } from './dynamodb-document.ts';

/**
 * Held messages of a mailbox for the portal's inbox, through the holds table's `byMailbox`
 * index. Only listed attributes are read: the sender's address never leaves the table.
 */
export class DynamoDbHeldMessages implements HeldMessages {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async listByMailbox(mailbox: string): Promise<readonly HeldMessage[]> {
    const held: HeldMessage[] = [];
    const pages = paginateQuery(
      { client: this.#db },
      {
        TableName: this.#table,
        IndexName: 'byMailbox',
        KeyConditionExpression: '#mailbox = :mailbox',
        ProjectionExpression:
          'messageId, #mailbox, classification, heldAt, expiresAt, confirmBy, #decision, releasedAt',
        ExpressionAttributeNames: { '#mailbox': 'mailbox', '#decision': 'decision' },
        ExpressionAttributeValues: { ':mailbox': mailbox },
      },
    );
    for await (const page of pages) held.push(...((page.Items ?? []) as HeldMessage[]));
    return held;
  }
}
