import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PortalLinkRecord, PortalLinkStore } from '../pipeline/ports.ts';
import { documentClient, putIfAbsent } from './dynamodb-document.ts';

/**
 * A link with this hash already exists. With 256-bit tokens that means a broken token source,
 * never bad luck, so it fails loudly rather than let one link open two messages.
 */
export class PortalLinkCollisionError extends Error {
  override readonly name = 'PortalLinkCollisionError';
}

/** The portal-links table (`linkHash`; TTL `expiresAt`). Only the token's hash is stored. */
export class DynamoDbPortalLinkStore implements PortalLinkStore {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async create(link: PortalLinkRecord): Promise<void> {
    if (!(await putIfAbsent(this.#db, this.#table, link, 'linkHash'))) {
      // The hash is a credential's digest: it stays out of the message.
      throw new PortalLinkCollisionError('a portal link with this token hash already exists');
    }
  }
}
