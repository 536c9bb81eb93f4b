import { describe, expect, it } from 'vitest';
import { chainId, entryHash } from '../../shared/audit/chain.ts';
import { digestDays } from '../../shared/audit/digest.ts';
import type { StoredAuditEntry } from '../../shared/audit/ports.ts';
import { checkChain, verifyAuditLog } from '../../shared/audit/verify.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { MemoryAuditStore } from './fakes.ts';

const MAILBOX = 'pensions@caveat.example.gov.uk';
const DAY = '2026-11-20';
const CHAIN = chainId(MAILBOX, DAY);
const entry = (n: number): AuditEntry => ({
  messageId: `m-${n}`,
  seq: `${MAILBOX}#1#classify`,
  stage: 'classify',
  at: `${DAY}T09:00:0${n}.000Z`,
  day: DAY,
  mailbox: MAILBOX,
  objectKey: `inbound/${MAILBOX}/m-${n}`,
  actor: 'caveat-ingest',
  purgeAfter: 1,
});

function store(count = 5): MemoryAuditStore {
  const s = new MemoryAuditStore();
  for (let n = 1; n <= count; n++) s.append(entry(n));
  return s;
}
const kinds = (findings: readonly { kind: string; messageId?: string; chainSeq?: number }[]) =>
  findings.map((f) => [f.kind, f.messageId, f.chainSeq]);

describe('Audit verification without a digest', () => {
  const check = async (s: MemoryAuditStore) =>
    checkChain(CHAIN, await s.entries(CHAIN), await s.head(CHAIN), undefined);

  it('passes an untouched chain', async () => {
    expect((await check(store())).findings).toEqual([]);
  });

  it('names an entry whose content was edited', async () => {
    const s = store();
    s.entries_[2] = { ...s.entries_[2], actor: 'someone' } as StoredAuditEntry;
    expect(kinds((await check(s)).findings)).toEqual([['altered', 'm-3', 3]]);
  });

  it('names an entry edited with its own hash recomputed, by the broken link after it', async () => {
    const s = store();
    const edited = { ...s.entries_[1], actor: 'someone' } as StoredAuditEntry;
    s.entries_[1] = { ...edited, hash: entryHash(edited as Parameters<typeof entryHash>[0]) };
    expect(kinds((await check(s)).findings)).toEqual([['altered', 'm-2', 2]]);
  });

  it('names a removed position by its neighbours', async () => {
    const s = store();
    s.entries_.splice(1, 1);
    const { findings } = await check(s);
    expect(kinds(findings)).toEqual([['removed', undefined, 2]]);
    expect(findings[0]?.detail).toContain('after m-1');
    expect(findings[0]?.detail).toContain('before m-3');
  });

  it('names a tail entry removed while the head still counts it', async () => {
    const s = store();
    s.entries_.pop();
    expect(kinds((await check(s)).findings)).toEqual([['removed', undefined, 5]]);
  });

  it('names a second entry forged at a position that is taken', async () => {
    const s = store();
    s.entries_.push({ ...s.entries_[2], messageId: 'forged' } as StoredAuditEntry);
    expect(kinds((await check(s)).findings)).toEqual([['inserted', 'forged', 3]]);
  });
});

describe('Audit verification with digests', () => {
  const clock = { now: () => new Date('2026-11-21T00:30:00.000Z') };

  it('digests only past days, once, and seals what it digests', async () => {
    const s = store(3);
    s.append({ ...entry(9), day: '2026-11-21', at: '2026-11-21T00:10:00.000Z' });
    const digest = digestDays({ chains: s, digests: s, clock });
    expect(await digest([DAY, '2026-11-21'])).toEqual({ digested: [CHAIN], skipped: [] });
    expect(await digest([DAY])).toEqual({ digested: [], skipped: [CHAIN] });
    expect((await s.head(CHAIN))?.sealedAt).toBe('2026-11-21T00:30:00.000Z');
    expect(s.digests_[0]).toMatchObject({ chain: CHAIN, mailbox: MAILBOX, day: DAY, length: 3 });
    expect(s.digests_[0]?.records.map((r) => [r.chainSeq, r.messageId])).toEqual([
      [1, 'm-1'],
      [2, 'm-2'],
      [3, 'm-3'],
    ]);
  });

  it('finds a chain rebuilt consistently after its digest, and entries outside any chain', async () => {
    const s = store(4);
    await digestDays({ chains: s, digests: s, clock })([DAY]);
    const verify = verifyAuditLog({ chains: s, reader: s, digests: s });
    expect((await verify([DAY])).ok).toBe(true);

    // Rewrite entry 2 and every hash after it, head included: the links all hold again.
    const rebuilt = new MemoryAuditStore();
    for (const [n, e] of s.entries_.entries())
      rebuilt.append(n === 1 ? { ...(e as AuditEntry), actor: 'x' } : (e as AuditEntry));
    s.entries_ = rebuilt.entries_;
    const rebuiltHead = rebuilt.heads_.get(CHAIN);
    if (rebuiltHead) s.heads_.set(CHAIN, { ...rebuiltHead, sealedAt: 'x' });
    s.entries_.push({ ...entry(7), messageId: 'unchained' });
    const report = await verify([DAY]);
    expect(report.ok).toBe(false);
    expect(kinds(report.findings)).toEqual([
      ['inserted', 'unchained', undefined],
      ['altered', 'm-2', 2],
      ['altered', 'm-3', 3],
      ['altered', 'm-4', 4],
      ['altered', 'chain#pensions@caveat.example.gov.uk#2026-11-20', undefined],
    ]);
  });
});
