import { describe, expect, it } from 'vitest';
import { generatedEntry } from '../../local/audit-seed.ts';
import { timelineLines } from '../../shared/audit/timeline.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';

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

  it('says so when there is nothing', () => {
    expect(timelineLines('nope', [])).toEqual(['No audit entries for message nope.']);
  });
});
