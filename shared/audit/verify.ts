/**
 * Verification of the audit log: recomputes every chain from its entries and checks it against
 * the chain's digest (write-once storage) where one exists, naming each entry that was altered,
 * inserted or removed. Without a digest (today's chains) a chain is checked against its own links
 * and head, which finds any change short of a rebuilt chain.
 */
import { type ChainHead, entryHash, genesisHash } from './chain.ts';
import type { ChainDigest } from './digest.ts';
import type { AuditChainStore, AuditDigestStore, AuditEntryReader, StoredAuditEntry } from './ports.ts';

export type TamperKind = 'altered' | 'inserted' | 'removed';

/** One entry (or chain head) found not to be as it was written. */
export interface TamperFinding {
  readonly kind: TamperKind;
  readonly chain?: string;
  readonly chainSeq?: number;
  readonly messageId?: string;
  readonly seq?: string;
  readonly detail: string;
}

export interface ChainCheck {
  readonly chain: string;
  readonly entries: number;
  readonly digested: boolean;
  readonly findings: readonly TamperFinding[];
}

type Linked = StoredAuditEntry & { chainSeq: number };

const key = (e: { messageId: string; seq: string }) => `${e.messageId} ${e.seq}`;

function finding(kind: TamperKind, chain: string, entry: Partial<Linked> | undefined, detail: string) {
  return {
    kind,
    chain,
    ...(entry?.chainSeq !== undefined ? { chainSeq: entry.chainSeq } : {}),
    ...(entry?.messageId !== undefined ? { messageId: entry.messageId } : {}),
    ...(entry?.seq !== undefined ? { seq: entry.seq } : {}),
    detail,
  } satisfies TamperFinding;
}

/** Checks one chain's entries against its head and, when there is one, its digest. */
export function checkChain(
  chain: string,
  stored: readonly StoredAuditEntry[],
  head: ChainHead | undefined,
  digest: ChainDigest | undefined,
): ChainCheck {
  const findings: TamperFinding[] = [];
  const flagged = new Set<string>();
  const flag = (kind: TamperKind, entry: Partial<Linked> | undefined, detail: string) => {
    const id = `${kind} ${entry?.messageId ?? ''} ${entry?.seq ?? ''} ${entry?.chainSeq ?? ''}`;
    if (flagged.has(id)) return;
    flagged.add(id);
    findings.push(finding(kind, chain, entry, detail));
  };

  const entries = stored.filter((e): e is Linked => typeof e.chainSeq === 'number');
  const atPosition = new Map<number, Linked[]>();
  for (const entry of entries)
    atPosition.set(entry.chainSeq, [...(atPosition.get(entry.chainSeq) ?? []), entry]);
  for (const entry of entries) {
    if (entry.chain !== chain || entry.hash !== entryHash(entry as Parameters<typeof entryHash>[0])) {
      flag('altered', entry, 'its content no longer matches the hash it was chained with');
    }
  }

  if (digest) {
    digest.records.forEach((record, index) => {
      const position = index + 1;
      const candidates = atPosition.get(position) ?? [];
      const original = candidates.find((e) => key(e) === key(record));
      if (!original) flag('removed', { ...record, chainSeq: position }, 'in the digest but not in the table');
      else if (original.hash !== record.hash) flag('altered', original, 'its hash differs from the digest');
      for (const other of candidates) {
        if (other !== original) flag('inserted', other, `not in the digest at position ${position}`);
      }
    });
    for (const [position, candidates] of atPosition) {
      if (position > digest.length || position < 1) {
        for (const entry of candidates)
          flag('inserted', entry, `beyond the ${digest.length} entries digested`);
      }
    }
    if (head && (head.length !== digest.length || head.headHash !== digest.headHash)) {
      flag('altered', { messageId: `chain#${chain}`, seq: 'head' }, 'the chain head differs from the digest');
    }
    return { chain, entries: stored.length, digested: true, findings: oneEach(findings) };
  }

  // No digest: the chain's own links and head are all there is to check against.
  const length = Math.max(head?.length ?? 0, ...entries.map((e) => e.chainSeq));
  const genuine: (Linked | undefined)[] = [];
  for (let position = 1; position <= length; position++) {
    const candidates = atPosition.get(position) ?? [];
    const expected = position === length ? head?.headHash : atPosition.get(position + 1)?.[0]?.prevHash;
    const pick = candidates.length === 1 ? candidates[0] : candidates.find((e) => e.hash === expected);
    genuine[position] = pick;
    for (const other of candidates) {
      if (other !== pick) flag('inserted', other, `a second entry at position ${position}`);
    }
    if (candidates.length === 0) {
      const before = atPosition.get(position - 1)?.[0];
      const after = atPosition.get(position + 1)?.[0];
      flag(
        'removed',
        { chainSeq: position },
        `position ${position} is empty${before ? ` (after ${key(before)})` : ''}${after ? ` (before ${key(after)})` : ''}`,
      );
    }
  }
  for (let position = 1; position <= length; position++) {
    const entry = genuine[position];
    if (!entry) continue;
    if (position === 1 && entry.prevHash !== genesisHash(chain)) {
      flag('altered', entry, 'the first entry does not start from the chain genesis');
    }
    const previous = genuine[position - 1];
    if (previous && entry.prevHash !== previous.hash) {
      flag('altered', previous, `its hash no longer links to the next entry (${key(entry)})`);
    }
  }
  const last = genuine[length];
  if (head && last && head.headHash !== last.hash) {
    flag('altered', last, 'its hash is not the one the chain head recorded');
  }
  return { chain, entries: stored.length, digested: false, findings: oneEach(findings) };
}

/** One finding per entry: an inserted entry is not also reported as altered. */
function oneEach(findings: readonly TamperFinding[]): TamperFinding[] {
  const identity = (f: TamperFinding) => `${f.messageId ?? ''} ${f.seq ?? ''} ${f.chainSeq ?? ''}`;
  const inserted = new Set(findings.filter((f) => f.kind === 'inserted').map(identity));
  return findings.filter((f) => f.kind !== 'altered' || !inserted.has(identity(f)));
}

export interface VerifyDependencies {
  readonly chains: AuditChainStore;
  readonly reader: AuditEntryReader;
  readonly digests: AuditDigestStore;
}

export interface VerifyReport {
  readonly days: readonly string[];
  readonly chains: readonly ChainCheck[];
  readonly entries: number;
  /** Entries dated in the range that belong to no chain. */
  readonly findings: readonly TamperFinding[];
  readonly ok: boolean;
}

/** Verifies every chain of `days`, and that no entry of those days sits outside a chain. */
export function verifyAuditLog(deps: VerifyDependencies) {
  return async (days: readonly string[]): Promise<VerifyReport> => {
    const heads = new Map<string, ChainHead>();
    const digests = new Map<string, ChainDigest>();
    const referenced = new Set<string>();
    const findings: TamperFinding[] = [];
    let entries = 0;
    for (const day of days) {
      for (const head of await deps.chains.heads(day)) heads.set(head.chain, head);
      for (const digest of await deps.digests.list(day)) digests.set(digest.chain, digest);
      for (const entry of await deps.reader.entriesOfDay(day)) {
        entries++;
        if (entry.chain === undefined || entry.chainSeq === undefined) {
          findings.push({
            kind: 'inserted',
            messageId: entry.messageId,
            seq: entry.seq,
            detail: `dated ${day} but in no chain`,
          });
        } else referenced.add(entry.chain);
      }
    }
    const chainIds = [...new Set([...heads.keys(), ...digests.keys(), ...referenced])].sort();
    const checks: ChainCheck[] = [];
    for (const chain of chainIds) {
      const head = heads.get(chain) ?? (await deps.chains.head(chain));
      checks.push(checkChain(chain, await deps.chains.entries(chain), head, digests.get(chain)));
    }
    const all = [...findings, ...checks.flatMap((check) => check.findings)];
    return { days, chains: checks, entries, findings: all, ok: all.length === 0 };
  };
}
