/**
 * A message's audit entries in plain words, for `caveat audit show`: what happened, when, under
 * which rules and paragraphs, and who read it. Entries carry no personal data, so neither does
 * this.
 */
import type { StoredAuditEntry } from './ports.ts';

/** What each stage means, in words an auditor reads without the code. */
const STAGE_WORDS: Readonly<Record<string, string>> = {
  classify: 'Received and classified',
  deliver: 'Delivered to the team mailbox',
  protect: 'Protected: encrypted, the team sent a portal link',
  hold: 'Held until the sender is confirmed through a validated contact point',
  quarantine: 'Quarantined; the security contact told',
  'confirm-request': 'Confirmation requested through the validated contact point',
  confirmed: 'Sender confirmed the message',
  'not-me': 'Sender said they did not send it; the message was deleted',
  'hold-expired': 'Hold expired unconfirmed; the message was deleted',
  released: 'Released into the pipeline after confirmation',
  'portal-view': 'Opened in the officer portal',
  'portal-download': 'Downloaded from the officer portal',
  'portal-revoke': 'Portal link revoked',
  'portal-refused': 'Portal access refused',
  report: 'Report received and parsed',
  deleted: 'Deleted: past its retention',
  error: 'Failed',
};

const TRUST_WORDS: Readonly<Record<string, string>> = {
  trusted: 'trusted (secure or partner domain, DMARC passed)',
  'spoofed-trusted': 'SPOOFED trusted domain (DMARC did not pass)',
  'verified-citizen': 'verified citizen (validated contact point, DMARC passed)',
  unverified: 'unverified',
};

/** Stage words for a stage this version does not know: its name, spaced and capitalised. */
function stageWords(stage: string): string {
  const known = STAGE_WORDS[stage];
  if (known) return known;
  const spaced = stage.replace(/[-_]+/g, ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

function outcomeWords(outcome: StoredAuditEntry['outcome']): string | undefined {
  if (!outcome || Object.keys(outcome).length === 0) return undefined;
  return Object.entries(outcome)
    .map(([name, value]) => `${name} ${String(value)}`)
    .join(', ');
}

/** The lines for one entry: a headline, then the why, indented. */
export function entryLines(entry: StoredAuditEntry): string[] {
  const time = entry.at.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
  const headline = [stageWords(entry.stage)];
  if (entry.stage === 'error' && entry.error) headline.push(`at ${entry.error.stage}: ${entry.error.code}`);
  if (entry.officer) headline.push(`by officer ${entry.officer}`);
  const lines = [`${time}  ${entry.mailbox}  ${headline.join(' ')}`];
  const detail = (label: string, text: string | undefined) => {
    if (text) lines.push(`    ${label.padEnd(14)}${text}`);
  };
  if (entry.stage === 'classify' || entry.classification) {
    detail(
      'decision',
      [entry.classification, entry.action ? `→ ${entry.action}` : undefined].filter(Boolean).join(' ') ||
        undefined,
    );
  }
  if (entry.stage === 'classify') {
    detail('policy', entry.policyId ? `${entry.policyId} version ${entry.policyVersion ?? '?'}` : undefined);
    detail(
      'sender',
      [entry.senderDomain, entry.senderTrust ? TRUST_WORDS[entry.senderTrust] : undefined]
        .filter(Boolean)
        .join(' — ') || undefined,
    );
    if (entry.verdicts) {
      const v = entry.verdicts;
      detail(
        'SES verdicts',
        `spam ${v.spam}, virus ${v.virus}, SPF ${v.spf}, DKIM ${v.dkim}, DMARC ${v.dmarc}`,
      );
    }
    detail(
      'found',
      entry.findings && entry.findings.length > 0
        ? entry.findings.map((f) => `${f.type} ×${f.count}`).join(', ')
        : 'no personal data',
    );
    for (const rule of entry.rules ?? []) {
      detail(
        rule.id === entry.ruleId ? 'deciding rule' : 'rule',
        `${rule.id} (${rule.paragraphs.join('; ')}): ${rule.reason}${rule.detail ? ` (${rule.detail})` : ''}`,
      );
    }
  } else if (entry.stage === 'deleted') {
    for (const rule of entry.rules ?? [])
      detail('rule', `${rule.id} (${rule.paragraphs.join('; ')}): ${rule.reason}`);
  } else if (entry.ruleId) {
    detail('rule', entry.ruleId);
  }
  detail('outcome', outcomeWords(entry.outcome));
  if (entry.error) detail('error', entry.error.message);
  detail('recorded by', entry.actor);
  return lines;
}

/** The whole timeline: a summary line, then every entry in time order. */
export function timelineLines(messageId: string, entries: readonly StoredAuditEntry[]): string[] {
  if (entries.length === 0) return [`No audit entries for message ${messageId}.`];
  const sorted = [...entries].sort((a, b) => a.at.localeCompare(b.at) || a.seq.localeCompare(b.seq));
  const mailboxes = [...new Set(sorted.map((e) => e.mailbox))];
  const lines = [
    `Message ${messageId}: ${sorted.length} entries, ${mailboxes.length === 1 ? 'mailbox' : 'mailboxes'} ${mailboxes.join(', ')}`,
    '',
  ];
  for (const entry of sorted) lines.push(...entryLines(entry));
  return lines;
}
