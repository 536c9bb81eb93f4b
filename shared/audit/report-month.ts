/**
 * The month a report covers. Months are calendar months in UTC, like the audit log's `day`: from
 * the first day's 00:00:00.000Z to the last day's 23:59:59.999Z, both included, so a report for
 * November and one for December never share an entry and together miss none.
 */
import { daysBetween } from './chain.ts';
import { AuditQueryError } from './query.ts';

export interface ReportMonth {
  /** `YYYY-MM`. */
  readonly id: string;
  /** `YYYY-MM-DD` of the first and last days. */
  readonly firstDay: string;
  readonly lastDay: string;
  /** `at` bounds, inclusive (ISO-8601, UTC). */
  readonly from: string;
  readonly to: string;
  /** The month in words, e.g. `November 2026`. */
  readonly label: string;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** The month `text` names (`YYYY-MM`); a clear error otherwise. */
export function parseReportMonth(text: string): ReportMonth {
  const match = MONTH.exec(text);
  if (!match || Number(match[1]) < 1970) {
    throw new AuditQueryError(`--month ${text}: expected a month YYYY-MM (UTC, from 1970), e.g. 2026-11`);
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  // Day 0 of the next month is the last day of this one.
  const last = new Date(Date.UTC(year, month, 0));
  const lastDay = last.toISOString().slice(0, 10);
  const firstDay = `${text}-01`;
  return {
    id: text,
    firstDay,
    lastDay,
    from: `${firstDay}T00:00:00.000Z`,
    to: `${lastDay}T23:59:59.999Z`,
    label: new Date(Date.UTC(year, month - 1, 1)).toLocaleString('en-GB', {
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }),
  };
}

/** The month's days, `YYYY-MM-DD`, in order. */
export function monthDays(month: ReportMonth): string[] {
  return daysBetween(month.firstDay, month.lastDay);
}
