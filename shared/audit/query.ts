/**
 * Auditors' queries: filters in, a plan out. The plan names the one key to look entries up by
 * (a message id, or the value of an indexed attribute, or the days of the range) so the adapter
 * runs it as DynamoDB Queries, never a Scan; the other filters are applied to what it reads.
 */
import { daysBetween } from './chain.ts';
import type { StoredAuditEntry } from './ports.ts';

/** Attributes an auditor can filter on, each with an index of its own. */
export const INDEXED_FILTERS = [
  'officer',
  'ruleId',
  'senderDomain',
  'policyVersion',
  'mailbox',
  'classification',
  'action',
] as const;
/** In the order a query prefers them: the most selective key first. */
export type IndexedFilter = (typeof INDEXED_FILTERS)[number];

export interface AuditFilters extends Partial<Record<IndexedFilter, string>> {
  /** Start of the range: `YYYY-MM-DD` (from its midnight UTC) or an ISO-8601 time. */
  readonly from?: string;
  /** End of the range, inclusive: `YYYY-MM-DD` (to the end of that day UTC) or an ISO-8601 time. */
  readonly to?: string;
  readonly messageId?: string;
  readonly stage?: string;
}

/** `at` bounds, inclusive, as ISO-8601 strings (which sort as times). */
export interface TimeRange {
  readonly from: string;
  readonly to: string;
}

export type AuditQueryPlan =
  | { readonly kind: 'message'; readonly messageId: string; readonly filters: AuditFilters }
  | {
      readonly kind: 'index';
      readonly attribute: IndexedFilter;
      readonly value: string;
      readonly range?: TimeRange;
      readonly filters: AuditFilters;
    }
  | {
      readonly kind: 'days';
      readonly days: readonly string[];
      readonly range: TimeRange;
      readonly filters: AuditFilters;
    };

/** A filter value that cannot be used, named. */
export class AuditQueryError extends Error {
  override readonly name = 'AuditQueryError';
}

/** Days a query with neither a key filter nor a range looks back over. */
export const DEFAULT_DAYS = 7;
/** Most days a range without a key filter may span (one Query per day). */
export const MAX_RANGE_DAYS = 3660;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function bound(value: string, name: 'from' | 'to'): string {
  if (DATE.test(value)) {
    const time = `${value}T${name === 'from' ? '00:00:00.000' : '23:59:59.999'}Z`;
    if (!Number.isNaN(Date.parse(time)) && new Date(time).toISOString() === time) return time;
  } else {
    const parsed = Date.parse(value);
    if (!Number.isNaN(parsed) && /^\d{4}-\d{2}-\d{2}T/.test(value)) return new Date(parsed).toISOString();
  }
  throw new AuditQueryError(`--${name} ${value}: expected a date YYYY-MM-DD or an ISO-8601 time`);
}

/** The range the filters ask for, if any (a missing end is open). */
export function timeRange(filters: AuditFilters): TimeRange | undefined {
  if (filters.from === undefined && filters.to === undefined) return undefined;
  const range = {
    from: filters.from === undefined ? '0000-01-01T00:00:00.000Z' : bound(filters.from, 'from'),
    to: filters.to === undefined ? '9999-12-31T23:59:59.999Z' : bound(filters.to, 'to'),
  };
  if (range.from > range.to) throw new AuditQueryError(`--from ${filters.from} is after --to ${filters.to}`);
  return range;
}

/** Plans the lookup: the message id, else the most selective indexed filter, else the days. */
export function planAuditQuery(filters: AuditFilters, now: Date): AuditQueryPlan {
  const range = timeRange(filters);
  if (filters.messageId) return { kind: 'message', messageId: filters.messageId, filters };
  const attribute = INDEXED_FILTERS.find((name) => filters[name] !== undefined);
  if (attribute) {
    return {
      kind: 'index',
      attribute,
      value: filters[attribute] ?? '',
      ...(range ? { range } : {}),
      filters,
    };
  }
  const today = now.toISOString().slice(0, 10);
  const start = new Date(now);
  start.setUTCDate(start.getUTCDate() - (DEFAULT_DAYS - 1));
  const days: TimeRange = {
    from:
      range && filters.from !== undefined ? range.from : `${start.toISOString().slice(0, 10)}T00:00:00.000Z`,
    to: range && filters.to !== undefined ? range.to : `${today}T23:59:59.999Z`,
  };
  const list = daysBetween(days.from.slice(0, 10), days.to.slice(0, 10));
  if (list.length > MAX_RANGE_DAYS) {
    throw new AuditQueryError(`the range spans ${list.length} days; narrow it or add a filter`);
  }
  return { kind: 'days', days: list, range: days, filters };
}

/** True when `entry` satisfies every filter (the key the plan looked up by included). */
export function matchesFilters(
  entry: StoredAuditEntry,
  filters: AuditFilters,
  range = timeRange(filters),
): boolean {
  if (range && (entry.at < range.from || entry.at > range.to)) return false;
  if (filters.messageId !== undefined && entry.messageId !== filters.messageId) return false;
  if (filters.stage !== undefined && entry.stage !== filters.stage) return false;
  return INDEXED_FILTERS.every((name) => filters[name] === undefined || entry[name] === filters[name]);
}
