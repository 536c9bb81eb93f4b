import type { Rule } from '../../../shared/policy/pack.ts';

export const PROTECT: Rule = {
  id: 'DWP-1.7-PROTECT',
  paragraphs: ['DWP Email Policy 1.7', 'Understanding Secure Email §4'],
  reason: 'OFFICIAL-SENSITIVE is encrypted and read through the portal, never as plaintext in a mailbox',
  when: { classification: 'OFFICIAL-SENSITIVE' },
  outcome: { kind: 'action', action: 'protect' },
};
