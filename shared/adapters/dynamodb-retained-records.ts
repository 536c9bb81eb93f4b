import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb';
import type { HoldSummary } from '../retention/plan.ts';
import type { RetainedHolds, RetainedLink, RetainedLinks } from '../retention/ports.ts';
import { documentClient } from './dynamodb-document.ts';

/** The index both tables list a mailbox's records by. */
export const BY_MAILBOX_INDEX = 'byMailbox';

/** Every item of `mailbox` through the byMailbox index: a keyed Query, never a Scan. */
async function queryMailbox<T>(
  db: DynamoDBDocumentClient,
  table: string,
  mailbox: string,
  attributes: readonly string[],
  filter?: { readonly expression: string; readonly values: Record<string, unknown> },
): Promise<T[]> {
  const names = Object.fromEntries(attributes.map((name, index) => [`#a${index}`, name]));
  const items: T[] = [];
  const pages = paginateQuery(
    { client: db },
    {
      TableName: table,
      IndexName: BY_MAILBOX_INDEX,
      KeyConditionExpression: '#mailbox = :mailbox',
      // Only what the sweep needs: never the sender's address of a hold.
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: { ...names, '#mailbox': 'mailbox' },
      ExpressionAttributeValues: { ':mailbox': mailbox, ...filter?.values },
      ...(filter ? { FilterExpression: filter.expression } : {}),
    },
  );
  for await (const page of pages) items.push(...((page.Items ?? []) as T[]));
  return items;
}

const HOLD_ATTRIBUTES = [
  'holdKey',
  'messageId',
  'mailbox',
  'objectKey',
  'classification',
  'heldAt',
  'expiresAt',
  'decision',
] as const satisfies readonly (keyof HoldSummary)[];

/**
 * The holds table for the retention sweep: a mailbox's holds through its byMailbox index (a
 * mailbox holds few: each lasts `holdDays`), deleted by key.
 */
export class DynamoDbRetainedHolds implements RetainedHolds {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  ofMailbox(mailbox: string): Promise<HoldSummary[]> {
    return queryMailbox<HoldSummary>(this.#db, this.#table, mailbox, HOLD_ATTRIBUTES);
  }

  async remove(holdKey: string): Promise<void> {
    await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: { holdKey } }));
  }
}

const LINK_ATTRIBUTES = [
  'linkHash',
  'messageId',
  'mailbox',
  'ciphertextKey',
  'classification',
  'createdAt',
  'expiresAt',
] as const satisfies readonly (keyof RetainedLink)[];

/**
 * The portal links table for the retention sweep: a mailbox's links through its byMailbox index,
 * filtered to the expired ones (the index has no time key, so the query reads the mailbox's live
 * links too: those of the last `portalLinkHours`), deleted by key.
 */
export class DynamoDbRetainedLinks implements RetainedLinks {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  expiredOf(mailbox: string, now: Date): Promise<RetainedLink[]> {
    return queryMailbox<RetainedLink>(this.#db, this.#table, mailbox, LINK_ATTRIBUTES, {
      expression: `#a${LINK_ATTRIBUTES.indexOf('expiresAt')} <= :now`,
      values: { ':now': Math.floor(now.getTime() / 1000) },
    });
  }

  async remove(linkHash: string): Promise<void> {
    await this.#db.send(new DeleteCommand({ TableName: this.#table, Key: { linkHash } }));
  }
}
