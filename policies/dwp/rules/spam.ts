import type { Rule } from '../../../shared/policy/pack.ts';

export const SPAM: Rule = {
  id: 'DWP-SPAM',
  paragraphs: ['Understanding Secure Email §3'],
  reason: 'SES judged the message spam: untrusted mail is kept out of mailboxes',
  when: { verdict: { check: 'spam', in: ['FAIL'] } },
  outcome: { kind: 'action', action: 'quarantine' },
};
