/**
 * The ports of the retention sweep. Adapters in shared/adapters implement them on S3 and
 * DynamoDB; the sweep never calls AWS directly.
 */
import type { HoldSummary, LinkSummary, ListedObject } from './plan.ts';

/** The mail bucket, as the sweeper sees it: listings by prefix, and deletion. */
export interface RetainedObjects {
  /** Every current object under `prefix`, a page at a time. */
  list(prefix: string): AsyncIterable<readonly ListedObject[]>;
  /** Deletes the current version of `key` (deleting a missing key is not an error). */
  remove(key: string): Promise<void>;
}

/** The holds table, without the sender's address. */
export interface RetainedHolds {
  /** Every hold of `mailbox`, decided or not. */
  ofMailbox(mailbox: string): Promise<readonly HoldSummary[]>;
  remove(holdKey: string): Promise<void>;
}

/** A portal link with the key it is deleted by; the hash never reaches an entry. */
export interface RetainedLink extends LinkSummary {
  readonly linkHash: string;
}

/** The portal links table. */
export interface RetainedLinks {
  /** The links of `mailbox` expired by `now` (others may be returned too; the plan decides). */
  expiredOf(mailbox: string, now: Date): Promise<readonly RetainedLink[]>;
  remove(linkHash: string): Promise<void>;
}
