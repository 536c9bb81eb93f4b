import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import {
  type ChainedAuditEntry,
  type ChainHead,
  chainId,
  emptyHead,
  linkEntry,
  nextDay,
  parseChainId,
} from '../audit/chain.ts';
import type { AuditEntry } from '../pipeline/audit-entry.ts';
import type { AuditLog } from '../pipeline/ports.ts';
import { type HeadItem, headKey, toHead } from './dynamodb-audit-items.ts';
import { documentClient } from './dynamodb-document.ts';

/** Appends kept losing the race for their chain's head: too many writers on one chain. */
export class AuditChainContentionError extends Error {
  override readonly name = 'AuditChainContentionError';
}

export interface DynamoDbAuditLogOptions {
  /**
   * Attempts at one append while other writers keep moving the chain's head.
   * @default 40
   */
  readonly maxAttempts?: number;
  /** Waits between attempts (tests pass a no-op). @default jittered exponential backoff up to 200 ms */
  readonly backoff?: (attempt: number) => Promise<void>;
}

const jitteredBackoff = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 5 * 2 ** attempt)));

/**
 * The decisions table (`messageId` + `seq`). An entry is stored flat, as it is, plus its chain
 * link (`chain`, `chainSeq`, `prevHash`, `hash`): its `day`, `action`, `ruleId`, `senderDomain`,
 * `mailbox`, `classification`, `policyVersion`, `officer` and `at` attributes are the keys of
 * the audit indexes, and an absent optional field leaves the entry out of that index.
 *
 * Each append is one transaction: the entry, on condition that it is not there yet, and the
 * chain's head moved from the state the entry was linked to, on condition that nobody moved it
 * first and the chain is not sealed. Concurrent writers to one chain therefore never fork it:
 * the loser re-reads the head and links again. A sealed chain (its day's digest taken) takes no
 * more entries: a late entry goes to the next day's chain of the same mailbox.
 */
export class DynamoDbAuditLog implements AuditLog {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #maxAttempts: number;
  readonly #backoff: (attempt: number) => Promise<void>;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoDbAuditLogOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#maxAttempts = options.maxAttempts ?? 40;
    this.#backoff = options.backoff ?? jitteredBackoff;
  }

  /** Append-only: a redelivered stage finds its entry (same message and `seq`) and leaves it. */
  async append(entry: AuditEntry): Promise<'recorded' | 'duplicate'> {
    let chain = chainId(entry.mailbox, entry.day);
    for (let attempt = 1; attempt <= this.#maxAttempts; attempt++) {
      const head = await this.#head(chain);
      if (head.sealedAt) {
        chain = chainId(entry.mailbox, nextDay(parseChainId(chain).day));
        attempt--; // moving on is not a lost race
        continue;
      }
      const linked = linkEntry(entry, head);
      const outcome = await this.#commit(linked.entry, head, linked.head);
      if (outcome !== 'conflict') return outcome;
      await this.#backoff(attempt);
    }
    throw new AuditChainContentionError(
      `audit chain ${chain}: ${this.#maxAttempts} attempts lost to concurrent writers`,
    );
  }

  async #head(chain: string): Promise<ChainHead> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: headKey(chain), ConsistentRead: true }),
    );
    return Item ? toHead(Item) : emptyHead(chain);
  }

  async #commit(
    entry: ChainedAuditEntry,
    from: ChainHead,
    to: ChainHead,
  ): Promise<'recorded' | 'duplicate' | 'conflict'> {
    const headItem: HeadItem = {
      ...headKey(to.chain),
      chainHead: to.chain,
      chainDay: parseChainId(to.chain).day,
      length: to.length,
      headHash: to.headHash,
      purgeAfter: entry.purgeAfter,
    };
    try {
      await this.#db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.#table,
                Item: entry as unknown as Record<string, unknown>,
                ConditionExpression: 'attribute_not_exists(seq)',
              },
            },
            {
              // A Put, not an Update: the decisions table allows no UpdateItem to anyone.
              Put: {
                TableName: this.#table,
                Item: headItem as unknown as Record<string, unknown>,
                ConditionExpression:
                  from.length === 0
                    ? 'attribute_not_exists(seq)'
                    : '#length = :length AND headHash = :hash AND attribute_not_exists(sealedAt)',
                ...(from.length === 0
                  ? {}
                  : {
                      ExpressionAttributeNames: { '#length': 'length' },
                      ExpressionAttributeValues: { ':length': from.length, ':hash': from.headHash },
                    }),
              },
            },
          ],
        }),
      );
      return 'recorded';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons) throw error;
      if (reasons[0] === 'ConditionalCheckFailed') return 'duplicate';
      return 'conflict'; // the head moved, or another transaction held it (TransactionConflict)
    }
  }
}

/** The per-item reason codes of a cancelled transaction, or undefined for any other error. */
function cancellationReasons(error: unknown): (string | undefined)[] | undefined {
  if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return (reasons ?? []).map((reason) => reason.Code);
}
