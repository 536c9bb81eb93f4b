import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock, NotificationLedger } from '../pipeline/ports.ts';
import { documentClient, isConditionalCheckFailed } from './dynamodb-document.ts';

export interface DynamoDbNotificationLedgerOptions {
  /** How long a notification is remembered, in seconds. Default 30 days: far past any SQS redelivery. */
  readonly ttlSeconds?: number;
  /**
   * Seconds after which a claim that was never confirmed nor released may be taken again.
   * Default 15 minutes, longer than any Lambda run: only a claim whose sender died mid-send
   * (a timeout or crash) goes stale, and then the notice is sent rather than lost.
   */
  readonly leaseSeconds?: number;
  readonly clock: Clock;
}

const THIRTY_DAYS = 30 * 24 * 3600;
const FIFTEEN_MINUTES = 15 * 60;

/** The ledger's item id for a notification key; the prefix keeps it apart from Powertools' records. */
export const ledgerId = (key: string) => `notified#${key}`;

/**
 * The notification ledger, kept in the idempotency table (`id`; TTL `expiration`, epoch seconds)
 * beside Powertools' idempotency records, whose ids start with the function name instead.
 * An item is `claimed` while its send is in flight and `sent` once SES has accepted it.
 */
export class DynamoDbNotificationLedger implements NotificationLedger {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #ttlSeconds: number;
  readonly #leaseSeconds: number;
  readonly #clock: Clock;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoDbNotificationLedgerOptions) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#ttlSeconds = options.ttlSeconds ?? THIRTY_DAYS;
    this.#leaseSeconds = options.leaseSeconds ?? FIFTEEN_MINUTES;
    this.#clock = options.clock;
  }

  /**
   * Claims the key when it is new, or when an earlier claim went stale (its holder died between
   * claim and send). A stale claim is retaken at the risk of a second notice, because a lost
   * notice leaves protected mail unread; a sent notice is never retaken.
   */
  async claim(key: string): Promise<boolean> {
    const now = this.#clock.now();
    const staleBefore = new Date(now.getTime() - this.#leaseSeconds * 1000).toISOString();
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: {
            id: ledgerId(key),
            status: 'claimed',
            claimedAt: now.toISOString(),
            expiration: this.#expiration(now),
          },
          ConditionExpression:
            'attribute_not_exists(#id) OR (#status = :claimed AND #claimedAt < :staleBefore)',
          ExpressionAttributeNames: { '#id': 'id', '#status': 'status', '#claimedAt': 'claimedAt' },
          ExpressionAttributeValues: { ':claimed': 'claimed', ':staleBefore': staleBefore },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  /**
   * Unconditional: the message is already sent, so failing here would only make a retry send
   * it again. Setting the expiry too means even a lost claim item ends up with a TTL.
   */
  async confirm(key: string, providerMessageId: string): Promise<void> {
    const now = this.#clock.now();
    await this.#db.send(
      new UpdateCommand({
        TableName: this.#table,
        Key: { id: ledgerId(key) },
        UpdateExpression: 'SET #status = :sent, #providerMessageId = :pid, #sentAt = :at, #expiration = :exp',
        ExpressionAttributeNames: {
          '#status': 'status',
          '#providerMessageId': 'providerMessageId',
          '#sentAt': 'sentAt',
          '#expiration': 'expiration',
        },
        ExpressionAttributeValues: {
          ':sent': 'sent',
          ':pid': providerMessageId,
          ':at': now.toISOString(),
          ':exp': this.#expiration(now),
        },
      }),
    );
  }

  /** Frees a claim whose send failed; a confirmed notification is never released. */
  async release(key: string): Promise<void> {
    try {
      await this.#db.send(
        new DeleteCommand({
          TableName: this.#table,
          Key: { id: ledgerId(key) },
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':claimed': 'claimed' },
        }),
      );
    } catch (error) {
      if (isConditionalCheckFailed(error)) return;
      throw error;
    }
  }

  #expiration(now: Date): number {
    return Math.floor(now.getTime() / 1000) + this.#ttlSeconds;
  }
}
