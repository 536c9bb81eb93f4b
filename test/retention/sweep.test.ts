import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import type { HoldSummary, ListedObject } from '../../shared/retention/plan.ts';
import type {
  RetainedHolds,
  RetainedLink,
  RetainedLinks,
  RetainedObjects,
} from '../../shared/retention/ports.ts';
import { failedDeletions, sweepRetention } from '../../shared/retention/sweep.ts';
import { MemoryAuditLog } from '../pipeline/fakes.ts';
import { DAY_MS, epochSeconds, holdSummary } from './fixtures.ts';

const DAY = DAY_MS;
const now = new Date('2026-11-23T01:00:00.000Z');
const ago = (days: number) => new Date(now.getTime() - days * DAY);
const epoch = epochSeconds;
const uc = 'uc@caveat.example.gov.uk';
const pip = 'pip@caveat.example.gov.uk';

class MemoryObjects implements RetainedObjects {
  readonly objects = new Map<string, Date>();
  failOn?: string;
  constructor(entries: readonly [string, Date][]) {
    for (const [key, at] of entries) this.objects.set(key, at);
  }
  async *list(prefix: string): AsyncIterable<readonly ListedObject[]> {
    const listed = [...this.objects]
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, lastModified]) => ({ key, lastModified }));
    // Two pages, as S3 pages a long listing.
    yield listed.slice(0, 2);
    yield listed.slice(2);
  }
  async remove(key: string) {
    if (key === this.failOn) throw Object.assign(new Error('throttled'), { name: 'SlowDown' });
    this.objects.delete(key);
  }
}

class MemoryRetainedHolds implements RetainedHolds {
  readonly holds = new Map<string, HoldSummary>();
  readonly asked: string[] = [];
  constructor(holds: readonly HoldSummary[]) {
    for (const hold of holds) this.holds.set(hold.holdKey, hold);
  }
  async ofMailbox(mailbox: string) {
    this.asked.push(mailbox);
    return [...this.holds.values()].filter((hold) => hold.mailbox === mailbox);
  }
  async remove(holdKey: string) {
    this.holds.delete(holdKey);
  }
}

class MemoryRetainedLinks implements RetainedLinks {
  readonly links = new Map<string, RetainedLink>();
  constructor(links: readonly RetainedLink[]) {
    for (const link of links) this.links.set(link.linkHash, link);
  }
  async expiredOf(mailbox: string) {
    return [...this.links.values()].filter((link) => link.mailbox === mailbox);
  }
  async remove(linkHash: string) {
    this.links.delete(linkHash);
  }
}

const hold = holdSummary;

const link = (hash: string, id: string, expiresAt: Date): RetainedLink => ({
  linkHash: hash,
  messageId: id,
  mailbox: uc,
  ciphertextKey: `ciphertext/${uc}/${id}`,
  classification: 'OFFICIAL-SENSITIVE',
  createdAt: new Date(expiresAt.getTime() - 30 * DAY).toISOString(),
  expiresAt: epoch(expiresAt),
});

function world() {
  const objects = new MemoryObjects([
    [`inbound/${uc}/old-delivered`, ago(31)],
    [`inbound/${uc}/held-undecided`, ago(31)],
    [`inbound/${uc}/young`, ago(29)],
    [`inbound/${pip}/old-other-mailbox`, ago(45)],
    [`quarantine/${uc}/old-virus`, ago(90)],
    [`quarantine/${uc}/young-virus`, ago(89)],
    [`ciphertext/${uc}/old-protected`, ago(366)],
    [`ciphertext/${uc}/young-protected`, ago(100)],
    [`reports/dmarc-reports@caveat.example.gov.uk/old-report`, ago(401)],
    [`reports/dmarc-reports@caveat.example.gov.uk/young-report`, ago(2)],
  ]);
  const holds = new MemoryRetainedHolds([
    hold('held-undecided', uc, ago(3)),
    hold('decided', uc, ago(3), 'expired'),
    hold('running', uc, ago(-5)),
    hold('confirmed', pip, ago(1), 'confirmed'),
  ]);
  const links = new MemoryRetainedLinks([
    link('a'.repeat(64), 'p-1', ago(1)),
    link('b'.repeat(64), 'p-2', ago(-1)),
  ]);
  const audit = new MemoryAuditLog();
  const sweep = sweepRetention({
    objects,
    holds,
    links,
    audit,
    periods: { rawMailDays: 30, quarantineDays: 90, ciphertextDays: 365, reportDays: 400 },
    mailboxes: [uc],
    actor: 'caveat-retention-sweep',
    auditRetentionYears: 6,
  });
  return { objects, holds, links, audit, sweep };
}

const keysOf = (entries: readonly AuditEntry[]) => entries.map((e) => `${e.messageId} ${e.seq}`).sort();

describe('Retention sweep', () => {
  it('deletes what is past retention under every prefix and in both tables, one entry each', async () => {
    const { objects, holds, links, audit, sweep } = world();
    const report = await sweep({ now });
    expect([...objects.objects.keys()].sort()).toEqual(
      [
        `ciphertext/${uc}/young-protected`,
        `inbound/${uc}/held-undecided`,
        `inbound/${uc}/young`,
        `quarantine/${uc}/young-virus`,
        `reports/dmarc-reports@caveat.example.gov.uk/young-report`,
      ].sort(),
    );
    expect([...holds.holds.keys()].sort()).toEqual([`${uc}/held-undecided`, `${uc}/running`]);
    expect([...links.links.keys()]).toEqual(['b'.repeat(64)]);
    expect(keysOf(audit.entries)).toEqual(
      [
        `old-delivered ${uc}#9#deleted#inbound`,
        `old-other-mailbox ${pip}#9#deleted#inbound`,
        `old-virus ${uc}#9#deleted#quarantine`,
        `old-protected ${uc}#9#deleted#ciphertext`,
        `old-report dmarc-reports@caveat.example.gov.uk#9#deleted#reports`,
        `decided ${uc}#9#deleted#hold`,
        `confirmed ${pip}#9#deleted#hold`,
        `p-1 ${uc}#9#deleted#portal-link#${link('a', 'p-1', ago(1)).createdAt}`,
      ].sort(),
    );
    expect(audit.entries.every((e) => e.stage === 'deleted' && e.outcome?.reason === 'retention')).toBe(true);
    expect(report.recorded).toBe(8);
    expect(report.targets.inbound).toEqual({
      due: 2,
      deleted: 2,
      deferred: { 'awaiting-confirmation-expiry': 1 },
      kept: 1,
      failed: 0,
    });
    expect(report.targets.hold).toMatchObject({ due: 2, deleted: 2, kept: 1 });
    expect(report.targets.hold.deferred).toEqual({ 'awaiting-confirmation-expiry': 1 });
    expect(report.targets['portal-link']).toMatchObject({ due: 1, deleted: 1, kept: 1 });
  });

  it('sweeps the holds of a mailbox found in the bucket but no longer configured', async () => {
    const { holds, sweep } = world();
    await sweep({ now });
    expect(holds.asked.sort()).toEqual([pip, uc]);
    expect(holds.holds.has(`${pip}/confirmed`)).toBe(false);
  });

  it('a dry run lists what is due and deletes and records nothing', async () => {
    const { objects, holds, links, audit, sweep } = world();
    const seen: string[] = [];
    const report = await sweep({ now, dryRun: true, onDeletion: (d) => seen.push(d.entry.messageId) });
    expect(seen.sort()).toEqual(
      [
        'confirmed',
        'decided',
        'old-delivered',
        'old-other-mailbox',
        'old-protected',
        'old-report',
        'old-virus',
        'p-1',
      ].sort(),
    );
    expect(audit.entries).toEqual([]);
    expect(objects.objects.size).toBe(10);
    expect(holds.holds.size).toBe(4);
    expect(links.links.size).toBe(2);
    expect(report).toMatchObject({ dryRun: true, recorded: 0 });
    expect(report.targets.inbound).toMatchObject({ due: 2, deleted: 0 });
  });

  it('a second run deletes nothing and writes nothing', async () => {
    const { audit, sweep } = world();
    await sweep({ now });
    const written = audit.entries.length;
    const again = await sweep({ now: new Date(now.getTime() + 3_600_000) });
    expect(audit.entries.length).toBe(written);
    expect(again.recorded + again.alreadyRecorded).toBe(0);
    expect(Object.values(again.targets).every((t) => t.deleted === 0)).toBe(true);
  });

  it('records before deleting: a failed delete leaves its entry, and the next run finishes it without a second', async () => {
    const { objects, audit, sweep } = world();
    const key = `quarantine/${uc}/old-virus`;
    objects.failOn = key;
    const first = await sweep({ now });
    expect(objects.objects.has(key)).toBe(true);
    expect(audit.entries.filter((e) => e.objectKey === key)).toHaveLength(1);
    expect(first.targets.quarantine.failed).toBe(1);
    expect(failedDeletions(first)).toBe(1);
    expect(first.failures).toEqual(['SlowDown']);
    // Everything else went ahead.
    expect(first.targets.ciphertext.deleted).toBe(1);

    objects.failOn = undefined;
    const second = await sweep({ now: new Date(now.getTime() + 60_000) });
    expect(objects.objects.has(key)).toBe(false);
    expect(audit.entries.filter((e) => e.objectKey === key)).toHaveLength(1);
    expect(second).toMatchObject({ recorded: 0, alreadyRecorded: 1 });
    expect(second.targets.quarantine.deleted).toBe(1);
  });

  it('a failed audit write deletes nothing', async () => {
    const { objects } = world();
    const failing = sweepRetention({
      objects,
      holds: new MemoryRetainedHolds([]),
      links: new MemoryRetainedLinks([]),
      audit: {
        append: async () => {
          throw Object.assign(new Error('down'), { name: 'ServiceUnavailable' });
        },
      },
      periods: { rawMailDays: 30, quarantineDays: 90, ciphertextDays: 365, reportDays: 400 },
      mailboxes: [],
      actor: 'caveat-retention-sweep',
      auditRetentionYears: 6,
    });
    const report = await failing({ now });
    expect(objects.objects.size).toBe(10);
    expect(failedDeletions(report)).toBe(6);
  });
});
