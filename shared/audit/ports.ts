/**
 * The ports of the audit use cases (digest, verify, query, show). Adapters in shared/adapters
 * implement them on DynamoDB and S3; the use cases never call AWS directly.
 */
import type { AuditEntry } from '../pipeline/audit-entry.ts';
import type { ChainHead, ChainLink } from './chain.ts';
import type { ChainDigest } from './digest.ts';
import type { AuditQueryPlan } from './query.ts';

/** An entry as read back: its link may be missing (a forged entry, or one written unchained). */
export type StoredAuditEntry = AuditEntry & Partial<ChainLink>;

/** The chains of the audit log: their heads and their entries in order. */
export interface AuditChainStore {
  /** Heads of the chains of `day` (`YYYY-MM-DD`). */
  heads(day: string): Promise<ChainHead[]>;
  /** One chain's head, read consistently. */
  head(chain: string): Promise<ChainHead | undefined>;
  /** The entries that claim to belong to `chain`, by position. */
  entries(chain: string): Promise<StoredAuditEntry[]>;
  /**
   * Seals `chain` at `length` entries: nothing more is appended to it. False when the chain no
   * longer has that length (an entry arrived meanwhile) or is already sealed.
   */
  seal(chain: string, length: number, at: string): Promise<boolean>;
}

/** Read access to entries, for verification and auditors' queries. */
export interface AuditEntryReader {
  /** Every entry dated `day`, chained or not. */
  entriesOfDay(day: string): Promise<StoredAuditEntry[]>;
  /** One message's entries (every mailbox it reached). */
  timeline(messageId: string): Promise<StoredAuditEntry[]>;
  /** Runs a plan, one page of matching entries at a time, in time order. */
  query(plan: AuditQueryPlan): AsyncIterable<readonly StoredAuditEntry[]>;
}

/** Where digests are kept: write-once storage (S3 Object Lock in compliance mode). */
export interface AuditDigestStore {
  put(digest: ChainDigest): Promise<void>;
  /** The digests of the chains of `day`. */
  list(day: string): Promise<ChainDigest[]>;
}
