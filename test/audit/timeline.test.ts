import { describe, expect, it } from 'vitest';
import { generatedEntry } from '../../local/audit-seed.ts';
import { timelineLines } from '../../shared/audit/timeline.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { planObjects } from '../../shared/retention/plan.ts';

describe('Audit timeline', () => {
  const [classify, act, view] = [0, 1, 2].map((i) => generatedEntry(i)) as [
    AuditEntry,
    AuditEntry,
    AuditEntry,
  ];

  it('tells the message’s story in time order, in plain words', () => {
    const lines = timelineLines('msg-000000', [view, act, { ...classify, senderTrust: 'unverified' }]);
    expect(lines[0]).toBe(`Message msg-000000: 3 entries, mailbox ${classify.mailbox}`);
    const text = lines.join('\n');
    expect(text).toContain('Received and classified');
    expect(text).toMatch(/deciding rule\s+DWP-3.10 \(3.10\): because/);
    expect(text).toContain('UK_NINO ×1');
    expect(text).toContain('example.com — unverified');
    expect(text).toContain(`Opened in the officer portal by officer ${view.officer}`);
    expect(text.indexOf('Received')).toBeLessThan(text.indexOf('Opened in the officer portal'));
  });

  it('names failures and stages it does not know', () => {
    const failed: AuditEntry = {
      ...act,
      stage: 'error',
      error: { stage: 'protect', code: 'DisabledException', message: 'the key is disabled' },
    };
    const text = timelineLines('m', [failed, { ...act, stage: 'dmarc-report' as AuditEntry['stage'] }]).join(
      '\n',
    );
    expect(text).toContain('Failed at protect: DisabledException');
    expect(text).toContain('the key is disabled');
    expect(text).toContain('Dmarc report');
  });

  it('tells a retention deletion with its rule and paragraphs', () => {
    const [deletion] = planObjects(
      'inbound',
      [{ key: `inbound/${classify.mailbox}/msg-000000`, lastModified: new Date('2026-01-01T00:00:00.000Z') }],
      {
        now: new Date('2026-03-01T00:00:00.000Z'),
        periods: { rawMailDays: 30, quarantineDays: 90, ciphertextDays: 365, reportDays: 400 },
        actor: 'caveat-retention-sweep',
        auditRetentionYears: 6,
      },
    ).deletions;
    const text = timelineLines('msg-000000', [deletion?.entry as AuditEntry]).join('\n');
    expect(text).toContain('Deleted: past its retention');
    expect(text).toMatch(
      /rule\s+RETAIN-RAW-MAIL \(Understanding Secure Email key principle 4; Cambridgeshire Email Policy §19\): Raw mail under inbound\/ is kept 30 days/,
    );
    expect(text).toContain('reason retention');
  });

  it('says so when there is nothing', () => {
    expect(timelineLines('nope', [])).toEqual(['No audit entries for message nope.']);
  });
});
