import { describe, expect, it } from 'vitest';
import { generatedMonthEntries } from '../../local/report-seed.ts';
import type { StoredAuditEntry } from '../../shared/audit/ports.ts';
import { monthlyFigures, NO_MAILBOX, percentile, reportFigures } from '../../shared/audit/report-figures.ts';
import { parseReportMonth } from '../../shared/audit/report-month.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import type { ReportSummary } from '../../shared/reports/report-summary.ts';

const MONTH = parseReportMonth('2026-11');
const A = 'a@council.example.gov.uk';
const B = 'b@council.example.gov.uk';

function entry(messageId: string, mailbox: string, stage: AuditEntry['stage'], at: string, more = {}) {
  return {
    messageId,
    seq: `${mailbox}#${stage}#${at}`,
    stage,
    at,
    day: at.slice(0, 10),
    mailbox,
    objectKey: `inbound/${mailbox}/${messageId}`,
    actor: 'test',
    purgeAfter: 0,
    ...more,
  } as StoredAuditEntry;
}

type Received = {
  classification: 'OFFICIAL' | 'OFFICIAL-SENSITIVE';
  action: 'deliver' | 'protect' | 'hold' | 'quarantine';
  rules: string[];
  cards?: number;
  spoofed?: string;
};

/** A message's classify entry and its action entry. */
function received(messageId: string, mailbox: string, at: string, r: Received): StoredAuditEntry[] {
  const decided = {
    classification: r.classification,
    action: r.action,
    ruleId: r.rules.at(-1),
    rules: r.rules.map((id) => ({ id, paragraphs: ['1'], reason: 'r' })),
    findings: [{ type: 'UK_NINO', count: 1 }, ...(r.cards ? [{ type: 'PAYMENT_CARD', count: r.cards }] : [])],
    senderTrust: r.spoofed ? 'spoofed-trusted' : 'unverified',
    senderDomain: r.spoofed ?? 'example.com',
  };
  return [
    entry(messageId, mailbox, 'classify', at, decided),
    entry(messageId, mailbox, r.action, at, decided),
  ];
}

const access = (
  messageId: string,
  mailbox: string,
  stage: 'portal-view' | 'portal-download' | 'portal-revoke' | 'portal-refused',
  at: string,
  officer: string,
  reason?: string,
) =>
  entry(messageId, mailbox, stage, at, { officer, outcome: reason ? { reason } : { sourceIp: '192.0.2.1' } });

const report = (messageId: string, at: string, summary: ReportSummary) =>
  entry(messageId, 'dmarc-reports@council.example.gov.uk', 'report', at, { report: summary });

const PROTECT = ['R-SENS', 'R-PROTECT'];
const HOLD = ['R-SENS', 'R-HOLD'];
const day = (d: string, time: string) => `2026-11-${d}T${time}:00.000Z`;
const held = (id: string, at: string) =>
  received(id, A, at, { classification: 'OFFICIAL-SENSITIVE', action: 'hold', rules: HOLD });
const protectedIn = (mailbox: string, id: string, at: string) =>
  received(id, mailbox, at, { classification: 'OFFICIAL-SENSITIVE', action: 'protect', rules: PROTECT });
const spoofed = (id: string, at: string, domain: string) =>
  received(id, B, at, {
    classification: 'OFFICIAL',
    action: 'quarantine',
    rules: ['R-SPOOF'],
    spoofed: domain,
  });
const delivered = (id: string, mailbox: string, at: string) =>
  received(id, mailbox, at, { classification: 'OFFICIAL', action: 'deliver', rules: ['R-DELIVER'] });

/** A month by hand: two mailboxes, every kind of entry, and entries just outside the month. */
const ENTRIES: StoredAuditEntry[] = [
  // Received at the very first instant of the month, and one second before it (not counted).
  ...delivered('m1', A, '2026-11-01T00:00:00.000Z'),
  ...held('m0', '2026-10-31T23:59:59.999Z'),
  entry('m0', A, 'confirmed', day('02', '09:00'), { classification: 'OFFICIAL-SENSITIVE', action: 'hold' }),
  // Protected, with a card number; downloaded at 4 minutes, viewed at 10.
  ...received('m2', A, day('03', '10:00'), {
    classification: 'OFFICIAL-SENSITIVE',
    action: 'protect',
    rules: ['R-SENS', 'R-CARD', 'R-SENS', 'R-PROTECT'],
    cards: 2,
  }),
  access('m2', A, 'portal-view', day('03', '10:10'), 'o1'),
  access('m2', A, 'portal-download', day('03', '10:04'), 'o2'),
  // Protected; viewed at 30 minutes and again later; revoked.
  ...protectedIn(A, 'm3', day('04', '12:00')),
  access('m3', A, 'portal-view', day('04', '12:30'), 'o1'),
  access('m3', A, 'portal-view', day('04', '13:00'), 'o1'),
  access('m3', A, 'portal-revoke', day('04', '13:05'), 'o2'),
  // Four holds: confirmed and released (protected, viewed 100 minutes after receipt), not me, expired, pending.
  ...held('m4', day('05', '09:00')),
  entry('m4', A, 'confirmed', day('05', '10:00'), { action: 'hold' }),
  entry('m4', A, 'released', day('05', '10:00'), { action: 'protect', rules: [] }),
  access('m4', A, 'portal-view', day('05', '10:40'), 'o2'),
  ...held('m5', day('05', '09:00')),
  entry('m5', A, 'not-me', day('05', '11:00'), { action: 'hold' }),
  ...held('m6', day('06', '09:00')),
  entry('m6', A, 'hold-expired', day('13', '09:00'), { action: 'hold' }),
  ...held('m7', day('28', '09:00')),
  // Spoofed trusted domains, quarantined.
  ...spoofed('m8', day('07', '08:00'), 'gov.uk'),
  ...spoofed('m10', day('07', '09:00'), 'gov.uk'),
  ...spoofed('m11', day('08', '09:00'), 'nhs.net'),
  // Protected with a card number, viewed at 20 minutes; a refusal for it; one protected and never opened.
  ...received('m9', B, day('09', '08:00'), {
    classification: 'OFFICIAL-SENSITIVE',
    action: 'protect',
    rules: ['R-SENS', 'R-CARD', 'R-PROTECT'],
    cards: 1,
  }),
  access('m9', B, 'portal-view', day('09', '08:20'), 'o3'),
  access('m9', B, 'portal-refused', day('09', '09:00'), 'o3', 'expired'),
  ...protectedIn(B, 'm14', day('10', '08:00')),
  access(
    'portal-no-message',
    'portal-no-mailbox',
    'portal-refused',
    day('11', '08:00'),
    'anonymous',
    'unknown-link',
  ),
  // One message sent to both mailboxes: a message in each. The last instant of the month counts.
  ...delivered('m12', A, '2026-11-30T23:59:59.999Z'),
  ...delivered('m12', B, day('20', '10:00')),
  // The first instant of the next month: not counted.
  ...delivered('m13', B, '2026-12-01T00:00:00.000Z'),
  entry('m15', A, 'error', day('12', '10:00'), {
    error: { stage: 'deliver', code: 'ThrottlingException', message: 'x' },
  }),
  report('r1', day('02', '06:00'), {
    kind: 'dmarc',
    status: 'parsed',
    reporter: 'Reporter X',
    domain: 'council.example.gov.uk',
    publishedPolicy: 'reject',
    messages: 10,
    failingMessages: 2,
    failingSources: [
      {
        sourceIp: '203.0.113.5',
        count: 2,
        detail: 'disposition=reject dkim=fail spf=fail from=council.example.gov.uk',
      },
    ],
    failingSourcesOmitted: 0,
  }),
  report('r2', day('03', '06:00'), {
    kind: 'dmarc',
    status: 'parsed',
    reporter: 'Reporter X',
    domain: 'council.example.gov.uk',
    publishedPolicy: 'reject',
    messages: 5,
    failingMessages: 4,
    failingSources: [
      {
        sourceIp: '203.0.113.5',
        count: 3,
        detail: 'disposition=reject dkim=fail spf=fail from=council.example.gov.uk',
      },
      {
        sourceIp: '203.0.113.9',
        count: 1,
        detail: 'disposition=quarantine dkim=fail spf=fail from=council.example.gov.uk',
      },
    ],
    failingSourcesOmitted: 4,
  }),
  report('r3', day('04', '06:00'), {
    kind: 'tls-rpt',
    status: 'parsed',
    reporter: 'Reporter Y',
    domain: 'council.example.gov.uk',
    successfulSessions: 40,
    failedSessions: 3,
    failingSources: [
      {
        sourceIp: '198.51.100.7',
        count: 2,
        detail: 'certificate-expired policy=sts mx=mx.council.example.gov.uk',
      },
      { count: 1, detail: 'starttls-not-supported policy=sts' },
    ],
    failingSourcesOmitted: 0,
  }),
  report('r4', day('05', '06:00'), {
    kind: 'tls-rpt',
    status: 'malformed',
    error: 'TLS report: not valid JSON',
    failingSources: [],
    failingSourcesOmitted: 0,
  }),
];

describe('Monthly report figures', () => {
  const figures = reportFigures(MONTH, ENTRIES);

  it('counts only the entries dated in the month (UTC), both ends included', () => {
    const outside = ENTRIES.filter((e) => e.at < '2026-11-01T00:00:00.000Z' || e.at >= '2026-12-01');
    expect(outside).toHaveLength(4);
    expect(figures.entries).toBe(ENTRIES.length - 4);
  });

  it('counts each message once per mailbox by classification and action', () => {
    expect(figures.messages).toEqual([
      { mailbox: A, classification: 'OFFICIAL', action: 'deliver', messages: 2 },
      { mailbox: A, classification: 'OFFICIAL-SENSITIVE', action: 'hold', messages: 4 },
      { mailbox: A, classification: 'OFFICIAL-SENSITIVE', action: 'protect', messages: 2 },
      { mailbox: B, classification: 'OFFICIAL', action: 'deliver', messages: 1 },
      { mailbox: B, classification: 'OFFICIAL', action: 'quarantine', messages: 3 },
      { mailbox: B, classification: 'OFFICIAL-SENSITIVE', action: 'protect', messages: 2 },
    ]);
  });

  it('ranks rules by the messages they matched, each rule once per message', () => {
    expect(figures.rules).toEqual([
      { ruleId: 'R-SENS', fired: 8, decided: 0 },
      { ruleId: 'R-HOLD', fired: 4, decided: 4 },
      { ruleId: 'R-PROTECT', fired: 4, decided: 4 },
      { ruleId: 'R-DELIVER', fired: 3, decided: 3 },
      { ruleId: 'R-SPOOF', fired: 3, decided: 3 },
      { ruleId: 'R-CARD', fired: 2, decided: 0 },
    ]);
  });

  it('follows each hold of the month to its end, and counts earlier holds settled apart', () => {
    expect(figures.holds).toEqual([{ mailbox: A, held: 4, confirmed: 1, notMe: 1, expired: 1, pending: 1 }]);
    expect(figures.earlierHoldsSettled).toBe(1);
  });

  it('finds card-data and spoofing incidents', () => {
    expect(figures.cardIncidents).toEqual([
      { mailbox: A, action: 'protect', messages: 1, cardNumbers: 2 },
      { mailbox: B, action: 'protect', messages: 1, cardNumbers: 1 },
    ]);
    expect(figures.spoofing).toEqual([
      { mailbox: B, claimedDomain: 'gov.uk', messages: 2 },
      { mailbox: B, claimedDomain: 'nhs.net', messages: 1 },
    ]);
  });

  it('counts portal accesses and different officers, never naming them', () => {
    expect(figures.portal).toEqual([
      { mailbox: NO_MAILBOX, views: 0, downloads: 0, revocations: 0, refusals: 1, officers: 0 },
      { mailbox: A, views: 4, downloads: 1, revocations: 1, refusals: 0, officers: 2 },
      { mailbox: B, views: 1, downloads: 0, revocations: 0, refusals: 1, officers: 1 },
    ]);
    expect(figures.officers).toBe(3);
    expect(figures.refusals).toEqual([
      { reason: 'expired', refusals: 1 },
      { reason: 'unknown-link', refusals: 1 },
    ]);
    expect(JSON.stringify(figures)).not.toMatch(/"o[123]"/);
  });

  it('gives the median and 90th percentile of minutes from receipt to first access', () => {
    // First accesses, in minutes after receipt: A 4 (download before view), 30, 100 (held, then
    // released); B 20, and one protected message never opened.
    // A: sorted 4, 30, 100: median 30; 90th percentile at rank 1.8, 80% of the way from 30 to 100.
    // All: 4, 20, 30, 100: median halfway from 20 to 30; 90th at rank 2.7, 70% from 30 to 100.
    expect(figures.accessDelays).toEqual([
      { mailbox: A, protected: 3, opened: 3, medianMinutes: 30, p90Minutes: 86 },
      { mailbox: B, protected: 2, opened: 1, medianMinutes: 20, p90Minutes: 20 },
      { mailbox: null, protected: 5, opened: 4, medianMinutes: 25, p90Minutes: 79 },
    ]);
  });

  it('sums the DMARC and TLS reports by reporter, failure and failing source', () => {
    expect(figures.reportsReceived).toEqual([
      { kind: 'dmarc', parsed: 2, malformed: 0 },
      { kind: 'tls-rpt', parsed: 1, malformed: 1 },
    ]);
    expect(figures.dmarcReporters).toEqual([
      {
        reporter: 'Reporter X',
        domain: 'council.example.gov.uk',
        policySeen: 'reject',
        reports: 2,
        messages: 15,
        failingMessages: 6,
      },
    ]);
    expect(figures.tlsReporters).toEqual([
      {
        reporter: 'Reporter Y',
        domain: 'council.example.gov.uk',
        reports: 1,
        successfulSessions: 40,
        failedSessions: 3,
      },
    ]);
    expect(figures.policyFailures).toEqual([
      { kind: 'dmarc', failure: 'disposition=reject', count: 5 },
      { kind: 'dmarc', failure: 'disposition=quarantine', count: 1 },
      { kind: 'tls-rpt', failure: 'certificate-expired policy=sts', count: 2 },
      { kind: 'tls-rpt', failure: 'starttls-not-supported policy=sts', count: 1 },
    ]);
    expect(figures.failingSources.map((s) => [s.sourceIp, s.count, s.reports])).toEqual([
      ['203.0.113.5', 5, 2],
      ['198.51.100.7', 2, 1],
      ['203.0.113.9', 1, 1],
      ['(not named)', 1, 1],
    ]);
    expect(figures.failingSourcesOmitted).toBe(4);
    expect(figures.malformedReports).toEqual([
      { kind: 'tls-rpt', error: 'TLS report: not valid JSON', reports: 1 },
    ]);
    expect(figures.failures).toEqual([{ stage: 'deliver', code: 'ThrottlingException', failures: 1 }]);
  });

  it('gives the same figures whatever the order and paging of the entries', () => {
    const paged = monthlyFigures(MONTH);
    const shuffled = [...ENTRIES].reverse();
    for (let i = 0; i < shuffled.length; i += 7) paged.add(shuffled.slice(i, i + 7));
    expect(paged.figures()).toEqual(figures);
  });

  it('gives empty figures for a month without entries', () => {
    const empty = reportFigures(
      parseReportMonth('2026-10'),
      ENTRIES.filter((e) => e.at >= '2026-11'),
    );
    expect(empty).toMatchObject({ entries: 0, messages: [], rules: [], holds: [], portal: [], officers: 0 });
    expect(empty.accessDelays).toEqual([
      { mailbox: null, protected: 0, opened: 0, medianMinutes: null, p90Minutes: null },
    ]);
  });

  it('agrees with counts taken straight from a generated month', () => {
    const entries = generatedMonthEntries('2026-11', 240);
    const f = reportFigures(MONTH, entries);
    const count = (test: (e: AuditEntry) => boolean) => entries.filter(test).length;
    const held = new Set(
      entries.filter((e) => e.stage === 'classify' && e.action === 'hold').map((e) => e.messageId),
    );
    expect(f.entries).toBe(entries.length);
    expect(f.messages.reduce((n, m) => n + m.messages, 0)).toBe(count((e) => e.stage === 'classify'));
    expect(f.holds.reduce((n, h) => n + h.held, 0)).toBe(held.size);
    expect(f.holds.reduce((n, h) => n + h.confirmed, 0)).toBe(count((e) => e.stage === 'confirmed'));
    expect(f.holds.reduce((n, h) => n + h.expired, 0)).toBe(count((e) => e.stage === 'hold-expired'));
    expect(f.portal.reduce((n, p) => n + p.views, 0)).toBe(count((e) => e.stage === 'portal-view'));
    expect(f.spoofing.reduce((n, s) => n + s.messages, 0)).toBe(
      count((e) => e.stage === 'classify' && e.senderTrust === 'spoofed-trusted'),
    );
    expect(f.reportsReceived.reduce((n, r) => n + r.parsed + r.malformed, 0)).toBe(
      count((e) => e.stage === 'report'),
    );
  });
});

describe('percentile', () => {
  it('interpolates between the closest ranks', () => {
    expect(percentile([], 0.5)).toBeNull();
    expect(percentile([7], 0.9)).toBe(7);
    expect(percentile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(percentile([10, 20, 30, 40, 100], 0.9)).toBeCloseTo(76, 10);
    expect(percentile([10, 20, 30, 40, 100], 1)).toBe(100);
    expect(percentile([10, 20, 30, 40, 100], 0)).toBe(10);
  });
});
