/** In-memory audit stores for the audit use cases' unit tests. */
import { type ChainHead, chainId, emptyHead, linkEntry } from '../../shared/audit/chain.ts';
import type { ChainDigest } from '../../shared/audit/digest.ts';
import type {
  AuditChainStore,
  AuditDigestStore,
  AuditEntryReader,
  StoredAuditEntry,
} from '../../shared/audit/ports.ts';
import { matchesFilters } from '../../shared/audit/query.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';

export class MemoryAuditStore implements AuditChainStore, AuditEntryReader, AuditDigestStore {
  entries_: StoredAuditEntry[] = [];
  heads_ = new Map<string, ChainHead>();
  digests_: ChainDigest[] = [];

  append(entry: AuditEntry): void {
    const chain = chainId(entry.mailbox, entry.day);
    const linked = linkEntry(entry, this.heads_.get(chain) ?? emptyHead(chain));
    this.entries_.push(linked.entry);
    this.heads_.set(chain, linked.head);
  }
  async heads(day: string) {
    return [...this.heads_.values()].filter((h) => h.chain.endsWith(`#${day}`));
  }
  async head(chain: string) {
    return this.heads_.get(chain);
  }
  async entries(chain: string) {
    return this.entries_
      .filter((e) => e.chain === chain)
      .sort((a, b) => (a.chainSeq ?? 0) - (b.chainSeq ?? 0));
  }
  async seal(chain: string, length: number, at: string) {
    const head = this.heads_.get(chain);
    if (!head || head.length !== length || head.sealedAt) return false;
    this.heads_.set(chain, { ...head, sealedAt: at });
    return true;
  }
  async entriesOfDay(day: string) {
    return this.entries_.filter((e) => e.day === day);
  }
  async timeline(messageId: string) {
    return this.entries_.filter((e) => e.messageId === messageId);
  }
  async *query(plan: Parameters<AuditEntryReader['query']>[0]) {
    yield this.entries_.filter((e) => matchesFilters(e, plan.filters));
  }
  async put(digest: ChainDigest) {
    this.digests_.push(digest);
  }
  async list(day: string) {
    return this.digests_.filter((d) => d.day === day);
  }
}
