/**
 * The monthly report as a document: sections of tables and charts built from the figures. The
 * HTML and the CSV files are both rendered from these tables, so they always show the same
 * figures, and every chart is drawn from the table printed beside it.
 */
import type { MonthlyFigures } from './report-figures.ts';

export type Cell = string | number | null;

export interface Column {
  readonly label: string;
  /** Right-aligned, formatted as a number. */
  readonly numeric?: boolean;
}

export interface ReportTable {
  /** Names its CSV file: `audit-report-<month>-<id>.csv`. */
  readonly id: string;
  readonly caption: string;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Said instead of an empty table. */
  readonly empty: string;
}

export interface BarChart {
  readonly id: string;
  readonly title: string;
  /** What the chart shows, for screen readers; the numbers are in the table beside it. */
  readonly description: string;
  readonly bars: readonly { readonly label: string; readonly value: number }[];
}

export type ReportBlock =
  | { readonly kind: 'table'; readonly table: ReportTable }
  | { readonly kind: 'chart'; readonly chart: BarChart; readonly table: ReportTable }
  | { readonly kind: 'text'; readonly text: string };

export interface ReportSection {
  readonly id: string;
  readonly heading: string;
  readonly intro: string;
  readonly blocks: readonly ReportBlock[];
}

export interface ReportDocument {
  readonly title: string;
  readonly monthId: string;
  readonly monthLabel: string;
  readonly from: string;
  readonly to: string;
  readonly generatedAt: string;
  /** The month had not ended when the report was made. */
  readonly partial: boolean;
  /** No entry is dated in the month. */
  readonly empty: boolean;
  readonly summary: ReportTable;
  readonly sections: readonly ReportSection[];
}

/** Rules listed, in the page and its CSV alike: the most-fired ones. */
export const TOP_RULES = 10;
/** Failing sources listed: the largest by count. */
export const TOP_SOURCES = 15;

const sum = <T>(rows: readonly T[], read: (row: T) => number) => rows.reduce((n, row) => n + read(row), 0);
const num = (label: string): Column => ({ label, numeric: true });
const text = (label: string): Column => ({ label });

function chartOf(table: ReportTable, title: string, description: string, label = 0, value = 1): BarChart {
  return {
    id: `chart-${table.id}`,
    title,
    description,
    bars: table.rows.map((row) => ({ label: String(row[label] ?? ''), value: Number(row[value] ?? 0) })),
  };
}

function messagesSection(f: MonthlyFigures): ReportSection {
  const actions = ['deliver', 'protect', 'hold', 'quarantine', 'none'] as const;
  const total = sum(f.messages, (m) => m.messages);
  const byAction: ReportTable = {
    id: 'messages-by-action',
    caption: 'Messages received, by action (all mailboxes)',
    columns: [text('Action'), num('Messages')],
    rows: actions
      .map(
        (action) =>
          [
            action,
            sum(
              f.messages.filter((m) => m.action === action),
              (m) => m.messages,
            ),
          ] as const,
      )
      .filter(([action, n]) => total > 0 && (action !== 'none' || n > 0)),
    empty: 'No messages were received.',
  };
  return {
    id: 'messages',
    heading: 'Messages by action and classification',
    intro:
      'Each message received in the month in each mailbox, counted once by its classification and the action its policy decided on receipt.',
    blocks: [
      {
        kind: 'chart',
        chart: chartOf(
          byAction,
          'Messages received, by action',
          `A bar chart of the ${total} messages received in all mailboxes, one bar for each action decided.`,
        ),
        table: byAction,
      },
      {
        kind: 'table',
        table: {
          id: 'messages',
          caption: 'Messages received, by mailbox, classification and action',
          columns: [text('Mailbox'), text('Classification'), text('Action'), num('Messages')],
          rows: f.messages.map((m) => [m.mailbox, m.classification, m.action, m.messages]),
          empty: 'No messages were received.',
        },
      },
    ],
  };
}

function rulesSection(f: MonthlyFigures): ReportSection {
  const top: ReportTable = {
    id: 'rules',
    caption: `Rules that fired most (the first ${TOP_RULES})`,
    columns: [text('Rule'), num('Messages it matched'), num('Messages whose action it decided')],
    rows: f.rules.slice(0, TOP_RULES).map((r) => [r.ruleId, r.fired, r.decided]),
    empty: 'No rule fired.',
  };
  return {
    id: 'rules',
    heading: 'Rules that fired most',
    intro:
      'Every rule of the policy that matched a message on receipt (classification, masking or action), and how often it was the rule that decided the action.',
    blocks: [
      {
        kind: 'chart',
        chart: chartOf(
          top,
          'Rules that fired most',
          'A bar chart of the rules that matched most messages in the month, one bar for each rule.',
        ),
        table: top,
      },
    ],
  };
}

function holdsSection(f: MonthlyFigures): ReportSection {
  const outcomes: ReportTable = {
    id: 'hold-outcomes',
    caption: 'Held messages, by how the hold ended (all mailboxes)',
    columns: [text('Outcome'), num('Messages')],
    rows:
      f.holds.length === 0
        ? []
        : [
            ['Confirmed by the sender', sum(f.holds, (h) => h.confirmed)],
            ['Sender said "not me"', sum(f.holds, (h) => h.notMe)],
            ['Expired unconfirmed', sum(f.holds, (h) => h.expired)],
            ['Still pending at the month’s end', sum(f.holds, (h) => h.pending)],
          ],
    empty: 'No message was held.',
  };
  return {
    id: 'holds',
    heading: 'Holds: confirmed and expired',
    intro:
      'Messages received in the month and held until the sender confirmed them through a validated contact point (DWP Email Policy 3.10), by how each hold had ended by the month’s end.',
    blocks: [
      {
        kind: 'chart',
        chart: chartOf(
          outcomes,
          'Held messages by outcome',
          `A bar chart of the ${sum(f.holds, (h) => h.held)} messages held in the month, one bar for each outcome.`,
        ),
        table: outcomes,
      },
      {
        kind: 'table',
        table: {
          id: 'holds',
          caption: 'Held messages, by mailbox',
          columns: [
            text('Mailbox'),
            num('Held'),
            num('Confirmed'),
            num('Not me'),
            num('Expired'),
            num('Pending'),
          ],
          rows: f.holds.map((h) => [h.mailbox, h.held, h.confirmed, h.notMe, h.expired, h.pending]),
          empty: 'No message was held.',
        },
      },
      {
        kind: 'text',
        text: `Holds of earlier months settled this month (confirmed, "not me" or expired): ${f.earlierHoldsSettled}.`,
      },
    ],
  };
}

function incidentsSection(f: MonthlyFigures): ReportSection {
  return {
    id: 'incidents',
    heading: 'Card-data and spoofing incidents',
    intro:
      'Card data: messages in which a payment card number was found (DWP Email Policy 1.10: masked in every copy). Spoofing: messages whose sender claimed a trusted domain whose DMARC check failed (quarantined).',
    blocks: [
      {
        kind: 'table',
        table: {
          id: 'card-data',
          caption: 'Messages with payment card numbers, by mailbox and action',
          columns: [text('Mailbox'), text('Action'), num('Messages'), num('Card numbers found')],
          rows: f.cardIncidents.map((c) => [c.mailbox, c.action, c.messages, c.cardNumbers]),
          empty: 'No message held a payment card number.',
        },
      },
      {
        kind: 'table',
        table: {
          id: 'spoofing',
          caption: 'Spoofed trusted domains, by mailbox',
          columns: [text('Mailbox'), text('Domain claimed'), num('Messages')],
          rows: f.spoofing.map((s) => [s.mailbox, s.claimedDomain, s.messages]),
          empty: 'No message spoofed a trusted domain.',
        },
      },
    ],
  };
}

function portalSection(f: MonthlyFigures): ReportSection {
  const kinds: ReportTable = {
    id: 'portal-accesses',
    caption: 'Portal accesses, by kind (all mailboxes)',
    columns: [text('Access'), num('Accesses')],
    rows:
      f.portal.length === 0
        ? []
        : [
            ['Views', sum(f.portal, (p) => p.views)],
            ['Downloads', sum(f.portal, (p) => p.downloads)],
            ['Revocations', sum(f.portal, (p) => p.revocations)],
            ['Refusals', sum(f.portal, (p) => p.refusals)],
          ],
    empty: 'Nobody used the officer portal.',
  };
  const delays = f.accessDelays.filter((d) => d.protected > 0);
  return {
    id: 'portal',
    heading: 'Portal accesses and time to first access',
    intro: `Accesses to protected messages through the officer portal in the month. Officers are counted, not named: ${f.officers} different officers viewed, downloaded or revoked messages (an auditor finds who with caveat audit query --officer).`,
    blocks: [
      {
        kind: 'chart',
        chart: chartOf(
          kinds,
          'Portal accesses by kind',
          'A bar chart of the portal accesses in the month: views, downloads, revocations and refusals.',
        ),
        table: kinds,
      },
      {
        kind: 'table',
        table: {
          id: 'portal',
          caption: 'Portal accesses, by mailbox',
          columns: [
            text('Mailbox'),
            num('Views'),
            num('Downloads'),
            num('Revocations'),
            num('Refusals'),
            num('Officers'),
          ],
          rows: f.portal.map((p) => [p.mailbox, p.views, p.downloads, p.revocations, p.refusals, p.officers]),
          empty: 'Nobody used the officer portal.',
        },
      },
      {
        kind: 'table',
        table: {
          id: 'portal-refusals',
          caption: 'Portal refusals, by reason',
          columns: [text('Reason'), num('Refusals')],
          rows: f.refusals.map((r) => [r.reason, r.refusals]),
          empty: 'The portal refused no request.',
        },
      },
      {
        kind: 'table',
        table: {
          id: 'time-to-first-access',
          caption: 'Time from receipt to first officer access, in minutes',
          columns: [
            text('Mailbox'),
            num('Protected messages'),
            num('Opened by the month’s end'),
            num('Median, minutes'),
            num('90th percentile, minutes'),
          ],
          rows: delays.map((d) => [
            d.mailbox ?? 'All mailboxes',
            d.protected,
            d.opened,
            d.medianMinutes,
            d.p90Minutes,
          ]),
          empty: 'No protected message was received.',
        },
      },
    ],
  };
}

function domainReportsSection(f: MonthlyFigures): ReportSection {
  const failures: ReportTable = {
    id: 'report-policy-failures',
    caption: 'Policy failures reported, by kind',
    columns: [text('Report'), text('Failure'), num('Messages or sessions')],
    rows: f.policyFailures.map((p) => [p.kind, p.failure, p.count]),
    empty: 'The reports named no failure.',
  };
  const sources = f.failingSources.slice(0, TOP_SOURCES);
  return {
    id: 'domain-reports',
    heading: 'DMARC and TLS reports on the receiving domain',
    intro:
      'Aggregate DMARC reports (RFC 7489) and SMTP TLS reports (RFC 8460) that mail providers sent to the domain’s reporting addresses in the month: which servers sent mail failing DMARC in the domain’s name, and which senders could not deliver over TLS.',
    blocks: [
      {
        kind: 'table',
        table: {
          id: 'reports-received',
          caption: 'Reports received',
          columns: [text('Report'), num('Parsed'), num('Malformed')],
          rows: f.reportsReceived.map((r) => [r.kind, r.parsed, r.malformed]),
          empty: 'No DMARC or TLS report was received.',
        },
      },
      {
        kind: 'table',
        table: {
          id: 'dmarc-reporters',
          caption: 'DMARC aggregate reports, by reporter',
          columns: [
            text('Reporter'),
            text('Domain'),
            text('Policy seen'),
            num('Reports'),
            num('Messages'),
            num('Failing DMARC'),
          ],
          rows: f.dmarcReporters.map((r) => [
            r.reporter,
            r.domain,
            r.policySeen,
            r.reports,
            r.messages,
            r.failingMessages,
          ]),
          empty: 'No DMARC report was parsed.',
        },
      },
      {
        kind: 'table',
        table: {
          id: 'tls-reporters',
          caption: 'TLS reports, by reporter',
          columns: [
            text('Reporter'),
            text('Domain'),
            num('Reports'),
            num('Successful sessions'),
            num('Failed sessions'),
          ],
          rows: f.tlsReporters.map((r) => [
            r.reporter,
            r.domain,
            r.reports,
            r.successfulSessions,
            r.failedSessions,
          ]),
          empty: 'No TLS report was parsed.',
        },
      },
      {
        kind: 'chart',
        chart: chartOf(
          failures,
          'Policy failures reported',
          'A bar chart of the failures the reports named: for DMARC, what receivers did with mail failing DMARC; for TLS, each failure type.',
          1,
          2,
        ),
        table: failures,
      },
      {
        kind: 'table',
        table: {
          id: 'failing-sources',
          caption: `Failing sources (the ${TOP_SOURCES} largest)`,
          columns: [text('Report'), text('Source IP'), text('Detail'), num('Count'), num('Reports')],
          rows: sources.map((s) => [s.kind, s.sourceIp, s.detail, s.count, s.reports]),
          empty: 'The reports named no failing source.',
        },
      },
      ...(f.failingSourcesOmitted > 0
        ? [
            {
              kind: 'text' as const,
              text: `The reports left out a further ${f.failingSourcesOmitted} smaller failing sources (each report keeps its 20 largest).`,
            },
          ]
        : []),
      {
        kind: 'table',
        table: {
          id: 'malformed-reports',
          caption: 'Malformed reports, by reason',
          columns: [text('Report'), text('Reason'), num('Reports')],
          rows: f.malformedReports.map((m) => [m.kind, m.error, m.reports]),
          empty: 'Every report received could be read.',
        },
      },
    ],
  };
}

function failuresSection(f: MonthlyFigures): ReportSection {
  return {
    id: 'failures',
    heading: 'Processing failures',
    intro: 'Stages that failed and were recorded (each is retried; a message is never lost).',
    blocks: [
      {
        kind: 'table',
        table: {
          id: 'failures',
          caption: 'Failures, by stage and error',
          columns: [text('Stage'), text('Error'), num('Failures')],
          rows: f.failures.map((e) => [e.stage, e.code, e.failures]),
          empty: 'No stage failed.',
        },
      },
    ],
  };
}

/** The report of `figures`, made at `now`. */
export function reportDocument(figures: MonthlyFigures, now: Date): ReportDocument {
  const f = figures;
  const messages = sum(f.messages, (m) => m.messages);
  const reports = sum(f.reportsReceived, (r) => r.parsed + r.malformed);
  return {
    title: `Caveat audit report: ${f.month.label}`,
    monthId: f.month.id,
    monthLabel: f.month.label,
    from: f.month.from,
    to: f.month.to,
    generatedAt: now.toISOString(),
    partial: now.toISOString() <= f.month.to,
    empty: f.entries === 0,
    summary: {
      id: 'summary',
      caption: 'The month at a glance',
      columns: [text('Figure'), num('Value')],
      rows: [
        ['Audit entries dated in the month', f.entries],
        ['Messages received', messages],
        ['Mailboxes that received mail', new Set(f.messages.map((m) => m.mailbox)).size],
        ['Messages held', sum(f.holds, (h) => h.held)],
        ['Card-data incidents (messages)', sum(f.cardIncidents, (c) => c.messages)],
        ['Spoofing incidents (messages)', sum(f.spoofing, (s) => s.messages)],
        ['Portal accesses', sum(f.portal, (p) => p.views + p.downloads + p.revocations + p.refusals)],
        ['Officers who accessed messages', f.officers],
        ['DMARC and TLS reports received', reports],
        ['Processing failures', sum(f.failures, (e) => e.failures)],
      ],
      empty: '',
    },
    sections: [
      messagesSection(f),
      rulesSection(f),
      holdsSection(f),
      incidentsSection(f),
      portalSection(f),
      domainReportsSection(f),
      failuresSection(f),
    ],
  };
}

/** Every table of the report, the summary first (one CSV file each). */
export function reportTables(document: ReportDocument): ReportTable[] {
  return [
    document.summary,
    ...document.sections.flatMap((section) =>
      section.blocks.flatMap((block) => (block.kind === 'text' ? [] : [block.table])),
    ),
  ];
}
