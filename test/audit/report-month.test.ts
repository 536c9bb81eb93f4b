import { describe, expect, it } from 'vitest';
import { AuditQueryError } from '../../shared/audit/query.ts';
import { monthDays, parseReportMonth } from '../../shared/audit/report-month.ts';

describe('Report month', () => {
  it('covers the calendar month in UTC, both ends included', () => {
    expect(parseReportMonth('2026-11')).toEqual({
      id: '2026-11',
      firstDay: '2026-11-01',
      lastDay: '2026-11-30',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-30T23:59:59.999Z',
      label: 'November 2026',
    });
    expect(parseReportMonth('2026-12').lastDay).toBe('2026-12-31');
  });

  it('knows the length of February in leap and common years', () => {
    expect(parseReportMonth('2028-02').lastDay).toBe('2028-02-29');
    expect(parseReportMonth('2026-02').lastDay).toBe('2026-02-28');
    expect(monthDays(parseReportMonth('2026-02'))).toHaveLength(28);
    expect(monthDays(parseReportMonth('2026-11'))[29]).toBe('2026-11-30');
  });

  it.each(['2026-13', '2026-00', '2026-1', '11-2026', '2026-11-01', '2026/11', '', 'november', '1969-12'])(
    'refuses %j with a clear message',
    (text) => {
      expect(() => parseReportMonth(text)).toThrow(AuditQueryError);
      expect(() => parseReportMonth(text)).toThrow(`--month ${text}: expected a month YYYY-MM`);
    },
  );
});
