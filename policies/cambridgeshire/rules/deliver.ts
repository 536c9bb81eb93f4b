import type { Rule } from '../../../shared/policy/pack.ts';

export const DELIVER: Rule = {
  id: 'CCC-17-DELIVER',
  paragraphs: ['Cambridgeshire Email Policy §17'],
  reason: 'Public enquiries to a generic address reach the team that answers them',
  when: { always: true },
  outcome: { kind: 'action', action: 'deliver' },
};
