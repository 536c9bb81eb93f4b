/**
 * A generated month of audit entries with everything the monthly report counts: messages in each
 * mailbox, classification and action, held messages confirmed, refused, expired or still pending,
 * card numbers, spoofed trusted domains, officers opening and downloading protected messages,
 * portal refusals, DMARC and TLS reports (one malformed) and a failed stage. Deterministic from
 * the message count; written to a table with `seedAuditEntries` (local/audit-seed.ts).
 */

import { type AuditEntry, holdEntry, reportEntry } from '../shared/pipeline/audit-entry.ts';
import type { Action, Classification } from '../shared/policy/decision.ts';
import { accessEntry } from '../shared/portal/access-audit.ts';
import { malformedSummary, type ReportSummary } from '../shared/reports/report-summary.ts';
import { MAILBOXES } from './audit-seed.ts';

const OFFICERS = ['officer-a', 'officer-b', 'officer-c', 'officer-d'] as const;
const PURGE_AFTER = 1_953_795_600;
const CONTEXT = { actor: 'caveat-ingest', retentionYears: 6 };
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/** What message `i` is: its action and the rule that decided it. */
function plan(i: number): { action: Action; ruleId: string; classification: Classification } {
  switch (i % 6) {
    case 0:
    case 3:
      return { action: 'protect', ruleId: 'DWP-1.7-PROTECT', classification: 'OFFICIAL-SENSITIVE' };
    case 1:
      return { action: 'hold', ruleId: 'DWP-3.10-UNSOLICITED', classification: 'OFFICIAL-SENSITIVE' };
    case 2:
      return { action: 'quarantine', ruleId: 'SPOOFED-TRUSTED-DOMAIN', classification: 'OFFICIAL' };
    default:
      return { action: 'deliver', ruleId: 'DWP-1.2-DELIVER', classification: 'OFFICIAL' };
  }
}

/** The entries of message `i`, received at `at`, in `mailbox`. */
function messageEntries(i: number, at: Date, mailbox: string): AuditEntry[] {
  const messageId = `msg-${at.toISOString().slice(0, 7)}-${String(i).padStart(5, '0')}`;
  const objectKey = `inbound/${mailbox}/${messageId}`;
  const subject = { messageId, mailbox, objectKey };
  const { action, ruleId, classification } = plan(i);
  const card = i % 7 === 0;
  const rules = [
    ...(classification === 'OFFICIAL-SENSITIVE'
      ? [{ id: 'DWP-1.4-SENSITIVE-DATA', paragraphs: ['DWP Email Policy 1.4'], reason: 'sensitive data' }]
      : []),
    ...(card ? [{ id: 'DWP-1.10-CARD', paragraphs: ['DWP Email Policy 1.10'], reason: 'card numbers' }] : []),
    { id: ruleId, paragraphs: ['DWP Email Policy'], reason: 'decided' },
  ];
  const spoofed = action === 'quarantine' && i % 4 === 2;
  const iso = at.toISOString();
  const decided = {
    messageId,
    at: iso,
    day: iso.slice(0, 10),
    mailbox,
    objectKey,
    classification,
    action,
    ruleId,
    rules,
    findings: [
      { type: 'UK_NINO' as const, count: 1 },
      ...(card ? [{ type: 'PAYMENT_CARD' as const, count: 1 + (i % 2) }] : []),
    ],
    policyId: 'dwp',
    policyVersion: '2026.11.1',
    senderDomain: spoofed
      ? pick(['gov.uk', 'nhs.net'], Math.floor(i / 12))
      : pick(['example.com', 'example.org'], i),
    senderTrust: spoofed ? ('spoofed-trusted' as const) : ('unverified' as const),
    actor: 'caveat-ingest',
    purgeAfter: PURGE_AFTER,
  };
  const later = (minutes: number) => new Date(at.getTime() + minutes * 60_000);
  const entries: AuditEntry[] = [
    { ...decided, seq: `${mailbox}#1#classify`, stage: 'classify' },
    { ...decided, seq: `${mailbox}#2#${action}`, stage: action, at: later(0.01).toISOString() },
  ];
  const held = { ...subject, classification, policy: { id: 'dwp', version: '2026.11.1' } };
  const opened = (protectedAt: Date, n: number) => {
    // Every fifth protected message is still unread; the others are opened after a delay that varies.
    if (n % 5 === 4) return;
    const officer = pick(OFFICERS, n);
    const viewAt = new Date(protectedAt.getTime() + (5 + ((n * 37) % 600)) * 60_000);
    const access = (stage: 'portal-view' | 'portal-download', when: Date) =>
      accessEntry({
        stage,
        at: when,
        officer,
        sourceIp: '192.0.2.10',
        requestId: `req-${messageId}-${stage}`,
        message: { messageId, mailbox, objectKey: `protected/${messageId}` },
        classification,
        retentionYears: 6,
        ...(stage === 'portal-download' ? { attachment: 0 } : {}),
      });
    entries.push(access('portal-view', viewAt));
    if (Math.floor(n / 6) % 2 === 0)
      entries.push(access('portal-download', new Date(viewAt.getTime() + 60_000)));
  };
  if (action === 'protect') opened(at, i);
  if (action === 'hold') {
    const context = (minutes: number) => ({ ...CONTEXT, at: later(minutes) });
    entries.push(holdEntry('confirm-request', held, context(0.02), { sms: 'sent' }));
    const outcome = Math.floor(i / 6) % 4;
    if (outcome === 0) {
      entries.push(holdEntry('confirmed', held, context(90), { decision: 'confirmed' }));
      entries.push({
        ...decided,
        seq: `${mailbox}#5#released`,
        stage: 'released',
        at: later(90.01).toISOString(),
        action: 'protect',
        ruleId: 'DWP-1.7-PROTECT',
      });
      opened(later(90.01), i);
    } else if (outcome === 1) {
      entries.push(holdEntry('not-me', held, context(30), { decision: 'not-me', deleted: true }));
    } else if (outcome === 2) {
      entries.push(
        holdEntry('hold-expired', held, context(7 * 24 * 60), { decision: 'expired', deleted: true }),
      );
    }
  }
  return entries;
}

function reportEntries(firstDay: string, reports: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let r = 0; r < reports; r++) {
    const at = new Date(`${firstDay}T06:00:00.000Z`);
    at.setUTCDate(at.getUTCDate() + r);
    const dmarc = r % 2 === 0;
    const mailbox = dmarc ? 'dmarc-reports@caveat.example.gov.uk' : 'tls-reports@caveat.example.gov.uk';
    const messageId = `report-${firstDay.slice(0, 7)}-${r}`;
    const subject = { messageId, mailbox, objectKey: `inbound/${mailbox}/${messageId}` };
    const period = { begin: at.toISOString(), end: new Date(at.getTime() + 86_400_000).toISOString() };
    const summary: ReportSummary =
      r === reports - 1
        ? malformedSummary('tls-rpt', 'TLS report: policies.0.summary: Required')
        : dmarc
          ? {
              kind: 'dmarc',
              status: 'parsed',
              compression: 'gzip',
              reporter: pick(['Example Mail', 'Mailbox Provider'], r / 2),
              reportId: `dmarc-${r}`,
              ...period,
              domain: 'caveat.example.gov.uk',
              publishedPolicy: 'reject',
              messages: 100 + r,
              failingMessages: 3 + (r % 4),
              failingSources: [
                {
                  sourceIp: '203.0.113.5',
                  count: 3 + (r % 4),
                  detail: 'disposition=reject dkim=fail spf=fail from=caveat.example.gov.uk',
                },
              ],
              failingSourcesOmitted: 0,
            }
          : {
              kind: 'tls-rpt',
              status: 'parsed',
              compression: 'none',
              reporter: 'Example Mail',
              reportId: `tls-${r}`,
              ...period,
              domain: 'caveat.example.gov.uk',
              successfulSessions: 50,
              failedSessions: 2,
              failingSources: [
                {
                  sourceIp: '198.51.100.7',
                  count: 2,
                  detail: 'certificate-expired policy=sts mx=inbound-smtp.eu-west-2.amazonaws.com',
                },
              ],
              failingSourcesOmitted: 0,
            };
    entries.push(reportEntry(summary, subject, { ...CONTEXT, at }, { kept: true }));
  }
  return entries;
}

/**
 * A month of entries: `messages` messages spread over the month's days (UTC) and mailboxes, the
 * reports received, a portal refusal of an unknown link and a failed delivery.
 */
export function generatedMonthEntries(month = '2026-11', messages = 300, reports = 9): AuditEntry[] {
  const first = new Date(`${month}-01T00:00:00.000Z`);
  const next = new Date(first);
  next.setUTCMonth(next.getUTCMonth() + 1);
  const days = Math.round((next.getTime() - first.getTime()) / 86_400_000);
  const entries: AuditEntry[] = [];
  for (let i = 0; i < messages; i++) {
    // Receipts during the working day, within the first days of the month so every hold can end.
    const at = new Date(
      first.getTime() + (i % (days - 8)) * 86_400_000 + (8 * 60 + ((i * 53) % 540)) * 60_000,
    );
    entries.push(...messageEntries(i, at, pick(MAILBOXES, i + Math.floor(i / 6))));
  }
  entries.push(...reportEntries(`${month}-01`, reports));
  entries.push(
    accessEntry({
      stage: 'portal-refused',
      at: new Date(first.getTime() + 3 * 86_400_000),
      officer: 'anonymous',
      sourceIp: '192.0.2.99',
      requestId: 'req-unknown-link',
      message: { messageId: 'portal-no-message', mailbox: 'portal-no-mailbox', objectKey: '-' },
      reason: 'unknown-link',
      retentionYears: 6,
    }),
  );
  const failedAt = new Date(first.getTime() + 2 * 86_400_000).toISOString();
  entries.push({
    messageId: `failed-${month}`,
    seq: `${MAILBOXES[0]}#9#error#${failedAt}`,
    stage: 'error',
    at: failedAt,
    day: failedAt.slice(0, 10),
    mailbox: MAILBOXES[0],
    objectKey: `inbound/${MAILBOXES[0]}/failed-${month}`,
    actor: 'caveat-ingest',
    error: { stage: 'deliver', code: 'ThrottlingException', message: 'stage deliver failed' },
    purgeAfter: PURGE_AFTER,
  });
  return entries.sort((a, b) => a.at.localeCompare(b.at));
}
