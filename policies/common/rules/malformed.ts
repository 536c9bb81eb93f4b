import type { Rule } from '../../../shared/policy/pack.ts';

export const MALFORMED: Rule = {
  id: 'MALFORMED',
  paragraphs: ['Understanding Secure Email §3'],
  reason:
    'The message cannot be read safely (oversized, MIME bomb, truncated or not MIME), so its content cannot be judged',
  when: { unreadable: true },
  outcome: { kind: 'action', action: 'quarantine' },
};
