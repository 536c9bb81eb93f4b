import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  paginateScan,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { HoldDecision, HoldRecord, HoldRegister } from '../pipeline/ports.ts';
import { documentClient, isConditionalCheckFailed, putIfAbsent } from './dynamodb-document.ts';

/** The holds table's index from a confirmation token's hash to its hold. */
export const CONFIRMATION_INDEX = 'byConfirmation';

/**
 * The holds table (`holdKey` = `<mailbox>/<message id>`; TTL `expiresAt`). It alone stores the
 * sender's address. Confirmation tokens are found through the `byConfirmation` index on their
 * hash; deciding is a conditional write, so a token is used at most once.
 */
export class DynamoDbHoldRegister implements HoldRegister {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  /** A redelivered message keeps its first hold, and with it the first expiry. */
  async place(hold: HoldRecord): Promise<void> {
    await putIfAbsent(this.#db, this.#table, hold, 'holdKey');
  }

  async setConfirmation(holdKey: string, confirmationHash: string): Promise<void> {
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { holdKey },
        UpdateExpression: 'SET #hash = :hash',
        ConditionExpression: 'attribute_exists(#key) AND attribute_not_exists(#decision)',
        ExpressionAttributeNames: { '#hash': 'confirmationHash', '#key': 'holdKey', '#decision': 'decision' },
        ExpressionAttributeValues: { ':hash': confirmationHash },
      }),
    );
  }

  async findByConfirmation(confirmationHash: string): Promise<HoldRecord | undefined> {
    const { Items } = await this.#db.send(
      new QueryCommand({
        TableName: this.#table,
        IndexName: CONFIRMATION_INDEX,
        KeyConditionExpression: '#hash = :hash',
        ExpressionAttributeNames: { '#hash': 'confirmationHash' },
        ExpressionAttributeValues: { ':hash': confirmationHash },
        Limit: 2,
      }),
    );
    // Two holds with one hash means a broken token source; refuse rather than pick one.
    return Items?.length === 1 ? (Items[0] as HoldRecord) : undefined;
  }

  /** Strongly consistent: a release must see the decision the page has just written. */
  async get(holdKey: string): Promise<HoldRecord | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { holdKey }, ConsistentRead: true }),
    );
    return Item as HoldRecord | undefined;
  }

  async decide(holdKey: string, decision: HoldDecision, at: string): Promise<boolean> {
    try {
      await this.#db.send(
        new UpdateCommand({
          TableName: this.#table,
          Key: { holdKey },
          UpdateExpression: 'SET #decision = :decision, #at = :at',
          ConditionExpression: 'attribute_exists(#key) AND attribute_not_exists(#decision)',
          ExpressionAttributeNames: { '#decision': 'decision', '#at': 'decidedAt', '#key': 'holdKey' },
          ExpressionAttributeValues: { ':decision': decision, ':at': at },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async markReleased(holdKey: string, at: string): Promise<void> {
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { holdKey },
        UpdateExpression: 'SET #releasedAt = :at',
        ConditionExpression: '#decision = :confirmed',
        ExpressionAttributeNames: { '#releasedAt': 'releasedAt', '#decision': 'decision' },
        ExpressionAttributeValues: { ':at': at, ':confirmed': 'confirmed' },
      }),
    );
  }

  async lapsed(now: number): Promise<HoldRecord[]> {
    return this.#scan('attribute_not_exists(#decision) AND #confirmBy < :now', {
      names: { '#decision': 'decision', '#confirmBy': 'confirmBy' },
      values: { ':now': now },
    });
  }

  async unreleased(decidedBefore: string): Promise<HoldRecord[]> {
    return this.#scan(
      '#decision = :confirmed AND attribute_not_exists(#releasedAt) AND #decidedAt < :before',
      {
        names: { '#decision': 'decision', '#releasedAt': 'releasedAt', '#decidedAt': 'decidedAt' },
        values: { ':confirmed': 'confirmed', ':before': decidedBefore },
      },
    );
  }

  /** The sweep's finds: no key the holds share, but the table is small and the sweep hourly. */
  async #scan(
    filter: string,
    { names, values }: { names: Record<string, string>; values: Record<string, unknown> },
  ): Promise<HoldRecord[]> {
    const holds: HoldRecord[] = [];
    const pages = paginateScan(
      { client: this.#db },
      {
        TableName: this.#table,
        FilterExpression: filter,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    );
    for await (const page of pages) holds.push(...((page.Items ?? []) as HoldRecord[]));
    return holds;
  }
}
