import { describe, expect, it } from 'vitest';
import { generatedEntry } from '../../local/audit-seed.ts';
import { AuditQueryError, matchesFilters, planAuditQuery, timeRange } from '../../shared/audit/query.ts';

const NOW = new Date('2026-11-23T15:00:00.000Z');

describe('Audit query plan', () => {
  it('looks a message up by its key before anything else', () => {
    expect(planAuditQuery({ messageId: 'm-1', mailbox: 'a@b.gov.uk' }, NOW)).toMatchObject({
      kind: 'message',
      messageId: 'm-1',
    });
  });

  it('prefers the most selective indexed filter, keeping the range on it', () => {
    expect(planAuditQuery({ action: 'hold', ruleId: 'DWP-3.10', from: '2026-11-01' }, NOW)).toEqual({
      kind: 'index',
      attribute: 'ruleId',
      value: 'DWP-3.10',
      range: { from: '2026-11-01T00:00:00.000Z', to: '9999-12-31T23:59:59.999Z' },
      filters: { action: 'hold', ruleId: 'DWP-3.10', from: '2026-11-01' },
    });
    expect(planAuditQuery({ action: 'hold', officer: 'o' }, NOW)).toMatchObject({ attribute: 'officer' });
  });

  it('reads the days of the range when no key filter is given, the last week by default', () => {
    expect(planAuditQuery({ from: '2026-10-30', to: '2026-11-01' }, NOW)).toMatchObject({
      kind: 'days',
      days: ['2026-10-30', '2026-10-31', '2026-11-01'],
      range: { from: '2026-10-30T00:00:00.000Z', to: '2026-11-01T23:59:59.999Z' },
    });
    const week = planAuditQuery({}, NOW);
    expect(week.kind === 'days' && week.days).toEqual([
      '2026-11-17',
      '2026-11-18',
      '2026-11-19',
      '2026-11-20',
      '2026-11-21',
      '2026-11-22',
      '2026-11-23',
    ]);
  });

  it('refuses dates it cannot read, reversed ranges and ranges too long to read day by day', () => {
    expect(() => timeRange({ from: '2026-02-30' })).toThrow(AuditQueryError);
    expect(() => timeRange({ to: 'yesterday' })).toThrow(
      '--to yesterday: expected a date YYYY-MM-DD or an ISO-8601 time',
    );
    expect(() => timeRange({ from: '2026-11-02', to: '2026-11-01' })).toThrow('is after');
    expect(() => planAuditQuery({ from: '2000-01-01', to: '2026-01-01' }, NOW)).toThrow(
      /narrow it or add a filter/,
    );
    expect(timeRange({ from: '2026-11-02T10:00:00+01:00' })?.from).toBe('2026-11-02T09:00:00.000Z');
  });

  it('matches an entry only when every filter agrees', () => {
    const entry = generatedEntry(4);
    expect(matchesFilters(entry, { mailbox: entry.mailbox, action: entry.action })).toBe(true);
    expect(matchesFilters(entry, { mailbox: entry.mailbox, action: 'none' })).toBe(false);
    expect(matchesFilters(entry, { stage: entry.stage, from: entry.at, to: entry.at })).toBe(true);
    expect(matchesFilters(entry, { to: '2000-01-01' })).toBe(false);
  });
});
