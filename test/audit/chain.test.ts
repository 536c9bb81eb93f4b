import { describe, expect, it } from 'vitest';
import { generatedEntry } from '../../local/audit-seed.ts';
import {
  canonicalEntry,
  chainId,
  daysBetween,
  emptyHead,
  entryHash,
  genesisHash,
  linkEntry,
  nextDay,
  parseChainId,
} from '../../shared/audit/chain.ts';

describe('Audit chain', () => {
  it('names a chain by mailbox and day, and reads it back', () => {
    const chain = chainId('pensions@caveat.example.gov.uk', '2026-11-23');
    expect(chain).toBe('pensions@caveat.example.gov.uk#2026-11-23');
    expect(parseChainId(chain)).toEqual({ mailbox: 'pensions@caveat.example.gov.uk', day: '2026-11-23' });
    expect(() => parseChainId('no-day-here')).toThrow(/not an audit chain id/);
  });

  it('walks days across month and year ends', () => {
    expect(nextDay('2026-12-31')).toBe('2027-01-01');
    expect(daysBetween('2028-02-28', '2028-03-01')).toEqual(['2028-02-28', '2028-02-29', '2028-03-01']);
    expect(daysBetween('2026-11-02', '2026-11-01')).toEqual([]);
  });

  it('serialises an entry canonically: key order and absent fields make no difference', () => {
    const entry = { ...generatedEntry(1), chain: 'c#2026-11-01', chainSeq: 1, prevHash: 'p' };
    const shuffled = Object.fromEntries(Object.entries(entry).reverse());
    expect(canonicalEntry(shuffled as typeof entry)).toBe(canonicalEntry(entry));
    expect(canonicalEntry({ ...entry, officer: undefined })).toBe(canonicalEntry(entry));
    expect(canonicalEntry({ ...entry, hash: 'ignored' })).toBe(canonicalEntry(entry));
    expect(canonicalEntry(entry).startsWith('{"action":')).toBe(true);
  });

  it('links each entry to its predecessor and binds the chain id into the first', () => {
    const chain = chainId('pensions@caveat.example.gov.uk', '2026-11-01');
    const first = linkEntry(generatedEntry(0), emptyHead(chain));
    const second = linkEntry(generatedEntry(1), first.head);
    expect(first.entry).toMatchObject({ chain, chainSeq: 1, prevHash: genesisHash(chain) });
    expect(second.entry).toMatchObject({ chainSeq: 2, prevHash: first.entry.hash });
    expect(second.head).toEqual({ chain, length: 2, headHash: second.entry.hash });
    expect(entryHash(second.entry)).toBe(second.entry.hash);
    expect(genesisHash(chain)).not.toBe(genesisHash(chainId('other@caveat.example.gov.uk', '2026-11-01')));
  });

  it('changes the hash when any field changes, however deep', () => {
    const { entry } = linkEntry(generatedEntry(1), emptyHead('c#2026-11-01'));
    expect(entry.classification).toBe('OFFICIAL');
    expect(entryHash({ ...entry, classification: 'OFFICIAL-SENSITIVE' })).not.toBe(entry.hash);
    expect(entryHash({ ...entry, findings: [{ type: 'UK_NINO', count: 2 }] })).not.toBe(entry.hash);
    expect(entryHash({ ...entry, chainSeq: 2 })).not.toBe(entry.hash);
  });
});
