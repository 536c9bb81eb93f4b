import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, paginateQuery, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { PortalLink, PortalLinks } from '../portal/ports.ts';
import { documentClient, isConditionalCheckFailed } from './dynamodb-document.ts';

/** The index of the portal-links table that lists a mailbox (`mailbox` + `messageId`). */
export const PORTAL_LINKS_BY_MAILBOX = 'byMailbox';

/**
 * The portal's view of the portal-links table: lookups by token hash (strongly consistent, so a
 * revocation is seen at once), by message and by mailbox through `byMailbox`, and the two
 * updates officers make — the first read and a revocation — each written once.
 */
export class DynamoDbPortalLinks implements PortalLinks {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async findByHash(linkHash: string): Promise<PortalLink | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { linkHash }, ConsistentRead: true }),
    );
    return Item && typeof Item.messageId === 'string' ? (Item as PortalLink) : undefined;
  }

  async findByMessage(mailbox: string, messageId: string): Promise<readonly PortalLink[]> {
    const links = await this.#query('#mailbox = :mailbox AND #messageId = :messageId', {
      ':mailbox': mailbox,
      ':messageId': messageId,
    });
    // The index is eventually consistent: re-read each link so a revocation just made is seen.
    const current = await Promise.all(links.map((link) => this.findByHash(link.linkHash)));
    return current.filter((link): link is PortalLink => link !== undefined);
  }

  listByMailbox(mailbox: string): Promise<readonly PortalLink[]> {
    return this.#query('#mailbox = :mailbox', { ':mailbox': mailbox });
  }

  async markRead(linkHash: string, at: string): Promise<void> {
    await this.#updateOnce(linkHash, 'readAt', 'SET readAt = :at', { ':at': at });
  }

  async revoke(linkHash: string, at: string, by: string): Promise<void> {
    await this.#updateOnce(linkHash, 'revokedAt', 'SET revokedAt = :at, revokedBy = :by', {
      ':at': at,
      ':by': by,
    });
  }

  /** Sets `attribute` on an existing link unless it is set already (the first one stands). */
  async #updateOnce(linkHash: string, attribute: string, update: string, values: Record<string, string>) {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { linkHash },
          UpdateExpression: update,
          ConditionExpression: 'attribute_exists(linkHash) AND attribute_not_exists(#attribute)',
          ExpressionAttributeNames: { '#attribute': attribute },
          ExpressionAttributeValues: values,
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  async #query(condition: string, values: Record<string, string>): Promise<PortalLink[]> {
    const links: PortalLink[] = [];
    const pages = paginateQuery(
      { client: this.#db },
      {
        TableName: this.#table,
        IndexName: PORTAL_LINKS_BY_MAILBOX,
        KeyConditionExpression: condition,
        ExpressionAttributeNames: {
          '#mailbox': 'mailbox',
          ...(condition.includes('#messageId') ? { '#messageId': 'messageId' } : {}),
        },
        ExpressionAttributeValues: values,
      },
    );
    for await (const page of pages) links.push(...((page.Items ?? []) as PortalLink[]));
    return links;
  }
}
