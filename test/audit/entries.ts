/** Generated audit entries for the audit tests: plain values, deterministic from their index. */
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';

export const MAILBOXES = [
  'universal.credit@caveat.example.gov.uk',
  'pensions@caveat.example.gov.uk',
  'council.tax@caveat.example.gov.uk',
] as const;
const ACTIONS = ['deliver', 'protect', 'hold', 'quarantine'] as const;
const CLASSIFICATIONS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
const RULES = ['DWP-3.10', 'DWP-1.8', 'DWP-2.4', 'CCC-4.1', 'DWP-5.2'] as const;
const DOMAINS = ['example.com', 'gmail.com', 'nhs.net', 'dwp.gov.uk'] as const;
const VERSIONS = ['2026.1', '2026.2'] as const;
const OFFICERS = ['officer-a', 'officer-b', 'officer-c'] as const;

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/**
 * Entry `i`: a message id shared by every 3 entries (classify, act, portal view), spread over
 * `days` days from `firstDay`, every attribute cycling with a different period so filters cut
 * the set in different ways.
 */
export function generatedEntry(i: number, firstDay = '2026-11-01', days = 3): AuditEntry {
  const message = Math.floor(i / 3);
  const step = i % 3;
  const day = new Date(`${firstDay}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + (Math.floor(message / MAILBOXES.length) % days));
  const at = new Date(day.getTime() + ((message * 7919) % 86_000) * 1000 + step * 1000).toISOString();
  const mailbox = pick(MAILBOXES, message);
  const action = pick(ACTIONS, message % 7);
  const base = {
    messageId: `msg-${String(message).padStart(6, '0')}`,
    at,
    day: at.slice(0, 10),
    mailbox,
    objectKey: `inbound/${mailbox}/msg-${message}`,
    classification: pick(CLASSIFICATIONS, message % 5),
    policyId: 'dwp',
    policyVersion: pick(VERSIONS, message % 11),
    senderDomain: pick(DOMAINS, message % 13),
    purgeAfter: 1_953_795_600,
  };
  if (step === 2) {
    return {
      ...base,
      seq: `${mailbox}#5#portal-view#${at}`,
      stage: 'portal-view' as AuditEntry['stage'],
      actor: 'caveat-portal',
      officer: pick(OFFICERS, message % 17),
    };
  }
  const stage = step === 0 ? 'classify' : action;
  return {
    ...base,
    seq: `${mailbox}#${step + 1}#${stage}`,
    stage,
    action,
    ruleId: pick(RULES, message % 19),
    rules: [{ id: pick(RULES, message % 19), paragraphs: ['3.10'], reason: 'because' }],
    findings: [{ type: 'UK_NINO', count: 1 }],
    actor: 'caveat-ingest',
  };
}
