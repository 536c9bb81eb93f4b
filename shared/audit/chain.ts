/**
 * Tamper evidence for the audit log: every entry is linked into a hash chain, one chain per
 * mailbox per day. An entry's hash covers its whole content (canonical JSON, RFC 8785) including
 * its position and its predecessor's hash, so changing, inserting or removing any entry breaks
 * the links that follow it. Pure: no storage here, only the arithmetic of chains.
 */
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import type { AuditEntry } from '../pipeline/audit-entry.ts';

/** Where an entry sits in its chain. Added by the audit log adapter; writers never set them. */
export interface ChainLink {
  /** `<mailbox>#<YYYY-MM-DD>`. */
  readonly chain: string;
  /** 1-based position in the chain. */
  readonly chainSeq: number;
  /** Hash of the entry at `chainSeq - 1`, or the chain's genesis hash for the first entry. */
  readonly prevHash: string;
  /** SHA-256 (hex) of the canonical JSON of the entry with every field above except `hash`. */
  readonly hash: string;
}

/** An entry as stored: the writer's entry plus its link. */
export type ChainedAuditEntry = AuditEntry & ChainLink;

/** The state of a chain after its last entry. */
export interface ChainHead {
  readonly chain: string;
  /** Entries in the chain (the last `chainSeq`). */
  readonly length: number;
  /** Hash of the last entry (the genesis hash while empty). */
  readonly headHash: string;
  /** Set once the chain's digest has been taken: nothing more may be appended to it. */
  readonly sealedAt?: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The chain an entry of `mailbox` on `day` belongs to. */
export function chainId(mailbox: string, day: string): string {
  return `${mailbox}#${day}`;
}

/** The mailbox and day of a chain id. */
export function parseChainId(chain: string): { mailbox: string; day: string } {
  const cut = chain.lastIndexOf('#');
  const day = chain.slice(cut + 1);
  if (cut <= 0 || !DAY.test(day)) throw new Error(`not an audit chain id: ${chain}`);
  return { mailbox: chain.slice(0, cut), day };
}

/** The day after `day` (`YYYY-MM-DD`, UTC). */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00.000Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Every day from `from` to `to` inclusive. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = nextDay(day)) days.push(day);
  return days;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/** The predecessor hash of a chain's first entry: binds the chain's own id into every hash. */
export function genesisHash(chain: string): string {
  return sha256(`caveat-audit-chain\n${chain}`);
}

/** An empty chain's head. */
export function emptyHead(chain: string): ChainHead {
  return { chain, length: 0, headHash: genesisHash(chain) };
}

/**
 * Canonical JSON of a stored entry without its `hash`: keys sorted, numbers in their shortest
 * form, absent optional fields left out, so the same entry always hashes the same whichever
 * process wrote or read it.
 */
export function canonicalEntry(entry: Omit<ChainedAuditEntry, 'hash'> & { hash?: string }): string {
  const { hash: _hash, ...content } = entry;
  const text = canonicalize(content);
  if (text === undefined) throw new Error('audit entry cannot be serialised');
  return text;
}

/** The hash an entry should carry, recomputed from its content. */
export function entryHash(entry: Omit<ChainedAuditEntry, 'hash'> & { hash?: string }): string {
  return sha256(canonicalEntry(entry));
}

/** Links `entry` after `head`; returns the stored entry and the chain's new head. */
export function linkEntry(
  entry: AuditEntry,
  head: ChainHead,
): { readonly entry: ChainedAuditEntry; readonly head: ChainHead } {
  const unhashed = { ...entry, chain: head.chain, chainSeq: head.length + 1, prevHash: head.headHash };
  const hash = entryHash(unhashed);
  return {
    entry: { ...unhashed, hash },
    head: { chain: head.chain, length: head.length + 1, headHash: hash },
  };
}
