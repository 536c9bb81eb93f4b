/**
 * Daily digests: once a day is over, each of its chains is sealed and a digest of it (length,
 * head hash and every entry's key and hash) is written to write-once storage. Verification
 * checks the table against these, so a change made later, even one that rebuilds the chain's
 * hashes consistently, is found and named.
 */
import type { Clock } from '../pipeline/ports.ts';
import { type ChainHead, parseChainId } from './chain.ts';
import type { AuditChainStore, AuditDigestStore, StoredAuditEntry } from './ports.ts';

export const DIGEST_FORMAT = 'caveat-audit-digest/1';

/** One entry as the digest remembers it. */
export interface DigestRecord {
  readonly chainSeq: number;
  readonly messageId: string;
  readonly seq: string;
  readonly hash: string;
}

/** The digest of one sealed chain. */
export interface ChainDigest {
  readonly format: typeof DIGEST_FORMAT;
  readonly chain: string;
  readonly mailbox: string;
  readonly day: string;
  readonly length: number;
  readonly headHash: string;
  readonly sealedAt: string;
  readonly records: readonly DigestRecord[];
}

/** The chain as read does not match its head: the entries' index lags, or the chain is broken. */
export class ChainNotReadyError extends Error {
  override readonly name = 'ChainNotReadyError';
}

export interface DigestDependencies {
  readonly chains: AuditChainStore;
  readonly digests: AuditDigestStore;
  readonly clock: Clock;
  /** Re-reads of a chain whose entries are not all visible yet (index lag). @default 5 */
  readonly readAttempts?: number;
  readonly wait?: (ms: number) => Promise<void>;
}

export interface DigestRun {
  /** Chains sealed and digested by this run. */
  readonly digested: readonly string[];
  /** Chains already sealed and digested before. */
  readonly skipped: readonly string[];
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Seals and digests every chain of `days` that is not digested yet. Only past days: today's
 * chains still take entries. Safe to repeat: a digested chain is skipped.
 */
export function digestDays(deps: DigestDependencies) {
  const attempts = deps.readAttempts ?? 5;
  const wait = deps.wait ?? sleep;

  async function readComplete(head: ChainHead): Promise<StoredAuditEntry[]> {
    for (let attempt = 1; ; attempt++) {
      const entries = await deps.chains.entries(head.chain);
      const last = entries.at(-1);
      if (entries.length === head.length && (head.length === 0 || last?.hash === head.headHash))
        return entries;
      if (attempt >= attempts) {
        throw new ChainNotReadyError(
          `audit chain ${head.chain}: head says ${head.length} entries, ${entries.length} readable; run caveat audit verify`,
        );
      }
      await wait(200 * attempt);
    }
  }

  async function digestChain(head: ChainHead, sealedAt: string): Promise<ChainDigest> {
    const entries = await readComplete(head);
    const { mailbox, day } = parseChainId(head.chain);
    return {
      format: DIGEST_FORMAT,
      chain: head.chain,
      mailbox,
      day,
      length: head.length,
      headHash: head.headHash,
      sealedAt,
      records: entries.map((entry) => ({
        chainSeq: entry.chainSeq ?? 0,
        messageId: entry.messageId,
        seq: entry.seq,
        hash: entry.hash ?? '',
      })),
    };
  }

  return async (days: readonly string[]): Promise<DigestRun> => {
    const today = deps.clock.now().toISOString().slice(0, 10);
    const digested: string[] = [];
    const skipped: string[] = [];
    for (const day of days.filter((d) => d < today)) {
      const done = new Set((await deps.digests.list(day)).map((digest) => digest.chain));
      for (let head of await deps.chains.heads(day)) {
        if (head.sealedAt && done.has(head.chain)) {
          skipped.push(head.chain);
          continue;
        }
        let sealedAt = head.sealedAt;
        while (!sealedAt) {
          const at = deps.clock.now().toISOString();
          if (await deps.chains.seal(head.chain, head.length, at)) sealedAt = at;
          else {
            const fresh = await deps.chains.head(head.chain);
            if (!fresh) throw new ChainNotReadyError(`audit chain ${head.chain}: head disappeared`);
            head = fresh;
            sealedAt = fresh.sealedAt;
          }
        }
        await deps.digests.put(await digestChain(head, sealedAt));
        digested.push(head.chain);
      }
    }
    return { digested, skipped };
  };
}
