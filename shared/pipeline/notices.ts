/**
 * The words of every message the pipeline sends to officers and the security contact. Pure
 * functions of the decision: each notice says what happened and why (rule ids and paragraphs)
 * and carries no personal data unless it is the delivery of an OFFICIAL message itself.
 */
import type { Decision } from '../policy/decision.ts';
import { decidingRuleId } from './audit-entry.ts';

/** DWP Email Policy 3.7: what every email to a citizen must say. Officers are reminded of it. */
export const CITIZEN_DISCLAIMER =
  'DWP will never ask you for your username, password, personal, health or medical information, or bank account details by email.';

export interface NoticeText {
  readonly subject: string;
  readonly text: string;
}

export interface NoticeSubject {
  readonly messageId: string;
  readonly mailbox: string;
  readonly receivedAt: Date;
}

const isCitizen = (decision: Decision) =>
  decision.sender.trust === 'unverified' || decision.sender.trust === 'verified-citizen';

function rulesBlock(decision: Decision): string {
  return decision.rules
    .map((rule) => `  - ${rule.id} (${rule.paragraphs.join('; ')}): ${rule.reason}`)
    .join('\n');
}

function reference(subject: NoticeSubject, decision: Decision): string {
  return [
    `Reference: ${subject.messageId}`,
    `Shared mailbox: ${subject.mailbox}`,
    `Received: ${subject.receivedAt.toISOString()}`,
    `Classification: ${decision.classification}`,
    `Policy: ${decision.policy.id} ${decision.policy.version}`,
  ].join('\n');
}

/** Subject lines carry the classification (DWP Email Policy 1.8); CR/LF never pass through. */
export function markedSubject(decision: Decision, originalSubject: string): string {
  const clean = originalSubject.replace(/[\r\n]+/g, ' ').trim();
  const marking = `[${decision.classification}]`;
  return clean.toUpperCase().startsWith(marking) ? clean : `${marking} ${clean || '(no subject)'}`.trim();
}

/** Cover note of an OFFICIAL message forwarded to the team mailbox. */
export function deliveryCover(
  decision: Decision,
  subject: NoticeSubject,
  originalSubject: string,
  withheld: readonly string[],
): NoticeText {
  const lines = [
    `This message was received at ${subject.mailbox} and classified ${decision.classification}.`,
    'The original is attached as received.',
  ];
  if (decision.mask.length > 0) {
    lines[1] = `The original is not attached: ${decision.mask.join(', ')} values are masked in every copy Caveat sends (DWP Email Policy 1.10). The text below is the message with those values masked.`;
  }
  if (withheld.length > 0) {
    lines.push(`Attachments withheld because they hold masked data: ${withheld.join(', ')}.`);
  }
  if (isCitizen(decision)) {
    lines.push(
      '',
      'Replying to a citizen: every email to a citizen must carry the disclaimer (DWP Email Policy 3.7):',
      `  "${CITIZEN_DISCLAIMER}"`,
    );
  }
  lines.push('', reference(subject, decision), 'Rules:', rulesBlock(decision));
  return { subject: markedSubject(decision, originalSubject), text: lines.join('\n') };
}

/** Notice of a protected message: the portal link, nothing of the content (DWP Email Policy 1.7). */
export function protectedNotice(
  decision: Decision,
  subject: NoticeSubject,
  link: { readonly url: string; readonly expiresAt: Date },
): NoticeText {
  const text = [
    `An ${decision.classification} message was received at ${subject.mailbox}.`,
    'It is encrypted and can be read only in the Caveat portal, after you sign in:',
    '',
    `  ${link.url}`,
    '',
    `The link expires at ${link.expiresAt.toISOString()}. Do not forward this email.`,
    '',
    reference(subject, decision),
    'Rules:',
    rulesBlock(decision),
  ].join('\n');
  return {
    subject: `[${decision.classification}] Protected message ${subject.messageId} waiting in the portal`,
    text,
  };
}

/** Notice to the team that a message is held until the sender is confirmed (DWP Email Policy 3.10). */
export function holdNotice(decision: Decision, subject: NoticeSubject): NoticeText {
  const text = [
    `A message received at ${subject.mailbox} holds personal data from a sender who is not yet confirmed.`,
    'It is held, unread, until the sender and the message are confirmed through a validated contact point (DWP Email Policy 3.10).',
    'You will receive it once it is confirmed. No action is needed now.',
    '',
    reference(subject, decision),
    'Rules:',
    rulesBlock(decision),
  ].join('\n');
  return { subject: `[${decision.classification}] Message ${subject.messageId} held for confirmation`, text };
}

/** Notice to the security contact: why the message was quarantined, never its content. */
export function quarantineNotice(
  decision: Decision,
  subject: NoticeSubject,
  quarantinedAt: string,
): NoticeText {
  const v = decision.verdicts;
  const text = [
    `A message received at ${subject.mailbox} was quarantined by rule ${decidingRuleId(decision) ?? '(none)'}.`,
    `It is kept at ${quarantinedAt}; its content is not included here.`,
    '',
    reference(subject, decision),
    `Sender domain: ${decision.sender.domain ?? '(unknown)'} (trust: ${decision.sender.trust})`,
    `SES verdicts: spam ${v.spam}, virus ${v.virus}, SPF ${v.spf}, DKIM ${v.dkim}, DMARC ${v.dmarc}`,
    'Rules:',
    rulesBlock(decision),
  ].join('\n');
  return { subject: `[Caveat quarantine] Message ${subject.messageId}`, text };
}
