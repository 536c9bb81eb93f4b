import type { Rule } from '../../../shared/policy/pack.ts';

export const VIRUS: Rule = {
  id: 'DWP-VIRUS',
  paragraphs: ['Understanding Secure Email §2'],
  reason: 'SES found a virus: the message must not reach a mailbox',
  when: { verdict: { check: 'virus', in: ['FAIL'] } },
  outcome: { kind: 'action', action: 'quarantine' },
};
