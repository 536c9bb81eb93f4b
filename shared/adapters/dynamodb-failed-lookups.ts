import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../pipeline/ports.ts';
import type { FailedLookups } from '../portal/ports.ts';
import { documentClient } from './dynamodb-document.ts';

export interface FailedLookupLimits {
  /** Failed lookups a source may make per window. Default 10. */
  readonly limit?: number;
  /** Window length in seconds. Default 900 (15 minutes). */
  readonly windowSeconds?: number;
}

/**
 * Counts failed link lookups per source and fixed window, as items of the portal-links table
 * (`linkHash` = `failed-lookups#<SHA-256 of the source>#<window start>`; TTL removes them when
 * the window is over). Every portal instance shares the count; the source address itself is
 * never stored.
 */
export class DynamoDbFailedLookups implements FailedLookups {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #clock: Clock;
  readonly #limit: number;
  readonly #window: number;

  constructor(client: DynamoDBClient, tableName: string, clock: Clock, limits: FailedLookupLimits = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#clock = clock;
    this.#limit = limits.limit ?? 10;
    this.#window = limits.windowSeconds ?? 900;
  }

  async blocked(source: string): Promise<boolean> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { linkHash: this.#key(source) }, ConsistentRead: true }),
    );
    return typeof Item?.failures === 'number' && Item.failures >= this.#limit;
  }

  async recordFailure(source: string): Promise<void> {
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { linkHash: this.#key(source) },
        UpdateExpression: 'ADD failures :one SET expiresAt = if_not_exists(expiresAt, :expires)',
        ExpressionAttributeValues: { ':one': 1, ':expires': this.#windowStart() + this.#window },
      }),
    );
  }

  #windowStart(): number {
    const now = Math.floor(this.#clock.now().getTime() / 1000);
    return now - (now % this.#window);
  }

  #key(source: string): string {
    return `failed-lookups#${createHash('sha256').update(source).digest('hex')}#${this.#windowStart()}`;
  }
}
