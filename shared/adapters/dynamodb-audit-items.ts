/**
 * How the audit log's chain heads are stored in the decisions table, next to the entries: one
 * item per chain, keyed `chain#<chain>` / `head`, carrying none of the entry attributes the
 * query indexes are keyed on, so heads never appear in an entry query.
 */
import type { ChainHead } from '../audit/chain.ts';

export const HEAD_SEQ = 'head';

/** The key of a chain's head item. */
export function headKey(chain: string): { messageId: string; seq: string } {
  return { messageId: `chain#${chain}`, seq: HEAD_SEQ };
}

/** A head item as stored. */
export interface HeadItem {
  readonly messageId: string;
  readonly seq: string;
  /** The chain id (the chainsByDay index's sort key). */
  readonly chainHead: string;
  /** The chain's day (the chainsByDay index's partition key). */
  readonly chainDay: string;
  readonly length: number;
  readonly headHash: string;
  readonly sealedAt?: string;
  readonly purgeAfter: number;
}

export function toHead(item: Record<string, unknown>): ChainHead {
  const head = item as unknown as HeadItem;
  return {
    chain: head.chainHead,
    length: head.length,
    headHash: head.headHash,
    ...(head.sealedAt ? { sealedAt: head.sealedAt } : {}),
  };
}
