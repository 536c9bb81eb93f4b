/**
 * The monthly audit report's figures, computed from the month's audit entries alone: what came
 * in and what was done with it, which rules decided, how holds ended, incidents, who accessed
 * protected mail and how soon, and what the domain's DMARC and TLS reports said. Pure: entries
 * in, figures out, one page at a time so a month of any size is read once.
 *
 * A message is one message id in one mailbox (SES gives a message sent to two shared addresses
 * one id). Its receipt is its `classify` entry; figures that follow a message (hold outcomes, time
 * to first access) count messages received in the month, with what the log holds up to the
 * month's end, so a month's report reads the same whenever it is run.
 */

import type { Action, Classification } from '../policy/decision.ts';
import { NO_MESSAGE } from '../portal/access-audit.ts';
import type { ReportKind } from '../reports/report-summary.ts';
import type { StoredAuditEntry } from './ports.ts';
import type { ReportMonth } from './report-month.ts';

export interface MessageCount {
  readonly mailbox: string;
  readonly classification: Classification | 'unclassified';
  readonly action: Action | 'none';
  readonly messages: number;
}

export interface RuleCount {
  readonly ruleId: string;
  /** Messages the rule matched (any effect: classification, mask or action). */
  readonly fired: number;
  /** Messages whose action it decided (the first action rule that matched). */
  readonly decided: number;
}

export interface HoldOutcomes {
  readonly mailbox: string;
  /** Messages received in the month and held (DWP Email Policy 3.10). */
  readonly held: number;
  readonly confirmed: number;
  readonly notMe: number;
  readonly expired: number;
  /** No answer nor expiry recorded by the month's end. */
  readonly pending: number;
}

export interface CardIncident {
  readonly mailbox: string;
  readonly action: Action | 'none';
  readonly messages: number;
  /** Card numbers found in them (counts from the findings; never the numbers). */
  readonly cardNumbers: number;
}

export interface SpoofingIncident {
  readonly mailbox: string;
  /** The trusted domain the sender claimed. */
  readonly claimedDomain: string;
  readonly messages: number;
}

export interface PortalAccesses {
  readonly mailbox: string;
  readonly views: number;
  readonly downloads: number;
  readonly revocations: number;
  readonly refusals: number;
  /** Different officers who viewed, downloaded or revoked (signed-in ids, counted, not named). */
  readonly officers: number;
}

export interface AccessDelay {
  /** A mailbox, or `null` for all mailboxes together. */
  readonly mailbox: string | null;
  /** Messages received in the month and protected (directly or on release after confirmation). */
  readonly protected: number;
  /** Of those, opened or downloaded by an officer by the month's end. */
  readonly opened: number;
  /** Minutes from receipt to first access: median and 90th percentile (`null` when none opened). */
  readonly medianMinutes: number | null;
  readonly p90Minutes: number | null;
}

export interface ReportsReceived {
  readonly kind: ReportKind;
  readonly parsed: number;
  readonly malformed: number;
}

export interface DmarcReporter {
  readonly reporter: string;
  readonly domain: string;
  /** The policy (`p=`) the reporter saw published. */
  readonly policySeen: string;
  readonly reports: number;
  readonly messages: number;
  readonly failingMessages: number;
}

export interface TlsReporter {
  readonly reporter: string;
  readonly domain: string;
  readonly reports: number;
  readonly successfulSessions: number;
  readonly failedSessions: number;
}

export interface PolicyFailure {
  readonly kind: ReportKind;
  /** DMARC: what receivers did with failing mail (`disposition=reject`); TLS-RPT: the result type and policy. */
  readonly failure: string;
  /** Messages (DMARC) or sessions (TLS-RPT). */
  readonly count: number;
}

export interface FailingSourceTotal {
  readonly kind: ReportKind;
  readonly sourceIp: string;
  readonly detail: string;
  readonly count: number;
  /** Reports that named it. */
  readonly reports: number;
}

export interface MalformedReports {
  readonly kind: ReportKind;
  readonly error: string;
  readonly reports: number;
}

export interface StageFailures {
  readonly stage: string;
  readonly code: string;
  readonly failures: number;
}

export interface MonthlyFigures {
  readonly month: ReportMonth;
  /** Entries dated in the month that were read. */
  readonly entries: number;
  readonly messages: readonly MessageCount[];
  readonly rules: readonly RuleCount[];
  readonly holds: readonly HoldOutcomes[];
  /** Answers and expiries recorded this month for messages received before it. */
  readonly earlierHoldsSettled: number;
  readonly cardIncidents: readonly CardIncident[];
  readonly spoofing: readonly SpoofingIncident[];
  readonly portal: readonly PortalAccesses[];
  /** Different officers across every mailbox. */
  readonly officers: number;
  readonly refusals: readonly { readonly reason: string; readonly refusals: number }[];
  readonly accessDelays: readonly AccessDelay[];
  readonly reportsReceived: readonly ReportsReceived[];
  readonly dmarcReporters: readonly DmarcReporter[];
  readonly tlsReporters: readonly TlsReporter[];
  readonly policyFailures: readonly PolicyFailure[];
  readonly failingSources: readonly FailingSourceTotal[];
  /** Failing sources the reports themselves left out (beyond the 20 largest each kept). */
  readonly failingSourcesOmitted: number;
  readonly malformedReports: readonly MalformedReports[];
  readonly failures: readonly StageFailures[];
}

/** Shown for portal refusals that named no message (an unknown link). */
export const NO_MAILBOX = '(unknown link, no mailbox)';

interface Received {
  readonly mailbox: string;
  readonly at: string;
  readonly action: Action | undefined;
}

type HoldEnd = 'confirmed' | 'not-me' | 'hold-expired';

/** Counts by a composite key, kept in first-seen order. */
class Tally<K extends readonly (string | number)[]> {
  readonly #counts = new Map<string, { key: K; n: number }>();
  add(key: K, n = 1): void {
    const id = JSON.stringify(key);
    const slot = this.#counts.get(id);
    if (slot) slot.n += n;
    else this.#counts.set(id, { key, n });
  }
  rows(): { key: K; n: number }[] {
    return [...this.#counts.values()];
  }
}

/** `p` (0…1) percentile with linear interpolation between closest ranks (R type 7, Excel PERCENTILE.INC). */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const h = (sorted.length - 1) * p;
  const low = Math.floor(h);
  const a = sorted[low] as number;
  const b = sorted[Math.min(low + 1, sorted.length - 1)] as number;
  return a + (h - low) * (b - a);
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const minutes = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);
const messageKey = (entry: { messageId: string; mailbox: string }) => `${entry.messageId}\n${entry.mailbox}`;

/** Collects a month's entries page by page, then gives the figures. */
export function monthlyFigures(month: ReportMonth) {
  let entries = 0;
  const received = new Map<string, Received>();
  const messages = new Tally<[string, string, string]>();
  const fired = new Tally<[string]>();
  const decided = new Tally<[string]>();
  const cards = new Tally<[string, string]>();
  const cardNumbers = new Tally<[string, string]>();
  const spoofing = new Tally<[string, string]>();
  const protectedMessages = new Set<string>();
  const holdEnds = new Map<string, HoldEnd>();
  const firstAccess = new Map<string, string>();
  const portal = new Tally<[string, string]>();
  const officersByMailbox = new Map<string, Set<string>>();
  const refusals = new Tally<[string]>();
  const reports = new Tally<[ReportKind, string]>();
  const dmarc = new Map<string, { reporter: string; domain: string; policySeen: string; n: number[] }>();
  const tls = new Map<string, { reporter: string; domain: string; n: number[] }>();
  const policyFailures = new Tally<[ReportKind, string]>();
  const sources = new Map<string, FailingSourceTotal>();
  let sourcesOmitted = 0;
  const malformed = new Tally<[ReportKind, string]>();
  const failures = new Tally<[string, string]>();

  const classify = (entry: StoredAuditEntry) => {
    const key = messageKey(entry);
    if (received.has(key)) return;
    received.set(key, { mailbox: entry.mailbox, at: entry.at, action: entry.action });
    const action = entry.action ?? 'none';
    messages.add([entry.mailbox, entry.classification ?? 'unclassified', action]);
    for (const id of new Set(entry.rules?.map((rule) => rule.id))) fired.add([id]);
    if (entry.ruleId) decided.add([entry.ruleId]);
    const card = (entry.findings ?? [])
      .filter((f) => f.type === 'PAYMENT_CARD')
      .reduce((sum, f) => sum + f.count, 0);
    if (card > 0) {
      cards.add([entry.mailbox, action]);
      cardNumbers.add([entry.mailbox, action], card);
    }
    if (entry.senderTrust === 'spoofed-trusted')
      spoofing.add([entry.mailbox, entry.senderDomain ?? '(none)']);
  };

  const access = (entry: StoredAuditEntry) => {
    const mailbox = entry.mailbox === NO_MESSAGE.mailbox ? NO_MAILBOX : entry.mailbox;
    portal.add([mailbox, entry.stage]);
    if (entry.stage === 'portal-refused') {
      refusals.add([String(entry.outcome?.reason ?? 'unknown')]);
      return;
    }
    if (entry.officer && entry.officer !== 'anonymous') {
      const officers = officersByMailbox.get(mailbox) ?? new Set<string>();
      officers.add(entry.officer);
      officersByMailbox.set(mailbox, officers);
    }
    if (entry.stage === 'portal-view' || entry.stage === 'portal-download') {
      const key = messageKey(entry);
      const first = firstAccess.get(key);
      if (first === undefined || entry.at < first) firstAccess.set(key, entry.at);
    }
  };

  const report = (entry: StoredAuditEntry) => {
    const summary = entry.report;
    if (!summary) return;
    reports.add([summary.kind, summary.status]);
    if (summary.status === 'malformed') {
      malformed.add([summary.kind, summary.error ?? 'no reason recorded']);
      return;
    }
    const reporter = summary.reporter ?? '(unnamed)';
    const domain = summary.domain ?? '(none)';
    if (summary.kind === 'dmarc') {
      const policySeen = summary.publishedPolicy ?? '(none)';
      const id = JSON.stringify([reporter, domain, policySeen]);
      const row = dmarc.get(id) ?? { reporter, domain, policySeen, n: [0, 0, 0] };
      row.n = [
        row.n[0]! + 1,
        row.n[1]! + (summary.messages ?? 0),
        row.n[2]! + (summary.failingMessages ?? 0),
      ];
      dmarc.set(id, row);
    } else {
      const id = JSON.stringify([reporter, domain]);
      const row = tls.get(id) ?? { reporter, domain, n: [0, 0, 0] };
      row.n = [
        row.n[0]! + 1,
        row.n[1]! + (summary.successfulSessions ?? 0),
        row.n[2]! + (summary.failedSessions ?? 0),
      ];
      tls.set(id, row);
    }
    for (const source of summary.failingSources) {
      policyFailures.add([summary.kind, failureOf(summary.kind, source.detail)], source.count);
      const sourceIp = source.sourceIp ?? '(not named)';
      const id = JSON.stringify([summary.kind, sourceIp, source.detail]);
      const total = sources.get(id);
      sources.set(id, {
        kind: summary.kind,
        sourceIp,
        detail: source.detail,
        count: (total?.count ?? 0) + source.count,
        reports: (total?.reports ?? 0) + 1,
      });
    }
    sourcesOmitted += summary.failingSourcesOmitted;
  };

  return {
    /** Takes a page of entries; entries dated outside the month are ignored. */
    add(page: readonly StoredAuditEntry[]): void {
      for (const entry of page) {
        if (entry.at < month.from || entry.at > month.to) continue;
        entries += 1;
        switch (entry.stage) {
          case 'classify':
            classify(entry);
            break;
          case 'protect':
            protectedMessages.add(messageKey(entry));
            break;
          case 'released':
            if (entry.action === 'protect') protectedMessages.add(messageKey(entry));
            break;
          case 'confirmed':
          case 'not-me':
          case 'hold-expired':
            holdEnds.set(messageKey(entry), entry.stage);
            break;
          case 'portal-view':
          case 'portal-download':
          case 'portal-revoke':
          case 'portal-refused':
            access(entry);
            break;
          case 'report':
            report(entry);
            break;
          case 'error':
            failures.add([entry.error?.stage ?? '(unknown)', entry.error?.code ?? '(unknown)']);
            break;
        }
      }
    },

    figures(): MonthlyFigures {
      const holds = new Map<string, number[]>();
      let earlierHoldsSettled = 0;
      for (const key of holdEnds.keys()) {
        if (received.get(key)?.action !== 'hold') earlierHoldsSettled += 1;
      }
      for (const [key, message] of received) {
        if (message.action !== 'hold') continue;
        const row = holds.get(message.mailbox) ?? [0, 0, 0, 0, 0];
        const end = holdEnds.get(key);
        const column = end === 'confirmed' ? 1 : end === 'not-me' ? 2 : end === 'hold-expired' ? 3 : 4;
        row[0]! += 1;
        row[column]! += 1;
        holds.set(message.mailbox, row);
      }

      const delays = new Map<string | null, { protected: number; waits: number[] }>();
      const delayOf = (mailbox: string | null) => {
        const slot = delays.get(mailbox) ?? { protected: 0, waits: [] };
        delays.set(mailbox, slot);
        return slot;
      };
      delayOf(null);
      for (const key of protectedMessages) {
        const message = received.get(key);
        if (!message) continue;
        const first = firstAccess.get(key);
        for (const slot of [delayOf(message.mailbox), delayOf(null)]) {
          slot.protected += 1;
          if (first !== undefined) slot.waits.push((Date.parse(first) - Date.parse(message.at)) / 60_000);
        }
      }
      const accessDelays = [...delays.entries()]
        .map(([mailbox, slot]): AccessDelay => {
          const waits = slot.waits.sort((a, b) => a - b);
          return {
            mailbox,
            protected: slot.protected,
            opened: waits.length,
            medianMinutes: minutes(percentile(waits, 0.5)),
            p90Minutes: minutes(percentile(waits, 0.9)),
          };
        })
        .sort((a, b) => (a.mailbox === null ? 1 : b.mailbox === null ? -1 : byText(a.mailbox, b.mailbox)));

      const portalRows = new Map<string, number[]>();
      const stageColumn: Record<string, number> = {
        'portal-view': 0,
        'portal-download': 1,
        'portal-revoke': 2,
        'portal-refused': 3,
      };
      for (const { key, n } of portal.rows()) {
        const row = portalRows.get(key[0]) ?? [0, 0, 0, 0];
        row[stageColumn[key[1]] ?? 3]! += n;
        portalRows.set(key[0], row);
      }
      const reportRows = new Map<ReportKind, ReportsReceived>();
      for (const { key, n } of reports.rows()) {
        const row = reportRows.get(key[0]) ?? { kind: key[0], parsed: 0, malformed: 0 };
        reportRows.set(key[0], {
          ...row,
          ...(key[1] === 'malformed' ? { malformed: row.malformed + n } : { parsed: row.parsed + n }),
        });
      }

      return {
        month,
        entries,
        messages: messages
          .rows()
          .map(({ key: [mailbox, classification, action], n }) => ({
            mailbox,
            classification: classification as MessageCount['classification'],
            action: action as MessageCount['action'],
            messages: n,
          }))
          .sort(
            (a, b) =>
              byText(a.mailbox, b.mailbox) ||
              byText(a.classification, b.classification) ||
              byText(a.action, b.action),
          ),
        rules: fired
          .rows()
          .map(({ key: [ruleId], n }) => ({
            ruleId,
            fired: n,
            decided: decided.rows().find((row) => row.key[0] === ruleId)?.n ?? 0,
          }))
          .sort((a, b) => b.fired - a.fired || b.decided - a.decided || byText(a.ruleId, b.ruleId)),
        holds: [...holds.entries()]
          .map(([mailbox, [held, confirmed, notMe, expired, pending]]) => ({
            mailbox,
            held: held ?? 0,
            confirmed: confirmed ?? 0,
            notMe: notMe ?? 0,
            expired: expired ?? 0,
            pending: pending ?? 0,
          }))
          .sort((a, b) => byText(a.mailbox, b.mailbox)),
        earlierHoldsSettled,
        cardIncidents: cards
          .rows()
          .map(({ key: [mailbox, action], n }) => ({
            mailbox,
            action: action as CardIncident['action'],
            messages: n,
            cardNumbers:
              cardNumbers.rows().find((row) => row.key[0] === mailbox && row.key[1] === action)?.n ?? 0,
          }))
          .sort((a, b) => byText(a.mailbox, b.mailbox) || byText(a.action, b.action)),
        spoofing: spoofing
          .rows()
          .map(({ key: [mailbox, claimedDomain], n }) => ({ mailbox, claimedDomain, messages: n }))
          .sort((a, b) => byText(a.mailbox, b.mailbox) || b.messages - a.messages),
        portal: [...portalRows.entries()]
          .map(([mailbox, [views, downloads, revocations, refused]]) => ({
            mailbox,
            views: views ?? 0,
            downloads: downloads ?? 0,
            revocations: revocations ?? 0,
            refusals: refused ?? 0,
            officers: officersByMailbox.get(mailbox)?.size ?? 0,
          }))
          .sort((a, b) => byText(a.mailbox, b.mailbox)),
        officers: new Set([...officersByMailbox.values()].flatMap((set) => [...set])).size,
        refusals: refusals
          .rows()
          .map(({ key: [reason], n }) => ({ reason, refusals: n }))
          .sort((a, b) => b.refusals - a.refusals || byText(a.reason, b.reason)),
        accessDelays,
        reportsReceived: [...reportRows.values()].sort((a, b) => byText(a.kind, b.kind)),
        dmarcReporters: [...dmarc.values()]
          .map(({ reporter, domain, policySeen, n: [reports, messages, failing] }) => ({
            reporter,
            domain,
            policySeen,
            reports: reports ?? 0,
            messages: messages ?? 0,
            failingMessages: failing ?? 0,
          }))
          .sort((a, b) => b.failingMessages - a.failingMessages || byText(a.reporter, b.reporter)),
        tlsReporters: [...tls.values()]
          .map(({ reporter, domain, n: [reports, ok, failed] }) => ({
            reporter,
            domain,
            reports: reports ?? 0,
            successfulSessions: ok ?? 0,
            failedSessions: failed ?? 0,
          }))
          .sort((a, b) => b.failedSessions - a.failedSessions || byText(a.reporter, b.reporter)),
        policyFailures: policyFailures
          .rows()
          .map(({ key: [kind, failure], n }) => ({ kind, failure, count: n }))
          .sort((a, b) => byText(a.kind, b.kind) || b.count - a.count || byText(a.failure, b.failure)),
        failingSources: [...sources.values()].sort(
          (a, b) => b.count - a.count || byText(a.kind, b.kind) || byText(a.sourceIp, b.sourceIp),
        ),
        failingSourcesOmitted: sourcesOmitted,
        malformedReports: malformed
          .rows()
          .map(({ key: [kind, error], n }) => ({ kind, error, reports: n }))
          .sort((a, b) => b.reports - a.reports || byText(a.error, b.error)),
        failures: failures
          .rows()
          .map(({ key: [stage, code], n }) => ({ stage, code, failures: n }))
          .sort((a, b) => b.failures - a.failures || byText(a.stage, b.stage)),
      };
    },
  };
}

/**
 * The kind of policy failure a failing source's detail records: for DMARC what the receiver did
 * with the failing mail, for TLS-RPT the result type and the policy it failed under.
 */
function failureOf(kind: ReportKind, detail: string): string {
  if (kind === 'dmarc') return /disposition=\S+/.exec(detail)?.[0] ?? detail;
  return detail.replace(/ mx=\S+$/, '');
}

/** The figures of `month` from `entries` (any order; entries outside the month are ignored). */
export function reportFigures(month: ReportMonth, entries: readonly StoredAuditEntry[]): MonthlyFigures {
  const figures = monthlyFigures(month);
  figures.add(entries);
  return figures.figures();
}
