import type { Rule } from '../../../shared/policy/pack.ts';

export const PROTECT: Rule = {
  id: 'CCC-14-PROTECT',
  paragraphs: ['Cambridgeshire Email Policy §5', 'Cambridgeshire Email Policy §14'],
  reason: 'Official Sensitive information needs the most secure handling: encrypted, read through the portal',
  when: { classification: 'OFFICIAL-SENSITIVE' },
  outcome: { kind: 'action', action: 'protect' },
};
