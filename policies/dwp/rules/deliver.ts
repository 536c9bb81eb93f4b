import type { Rule } from '../../../shared/policy/pack.ts';

export const DELIVER: Rule = {
  id: 'DWP-1.2-DELIVER',
  paragraphs: ['DWP Email Policy 1.2', 'DWP Email Policy 3.4'],
  reason: 'OFFICIAL mail that needs no other handling goes to the team mailbox',
  when: { always: true },
  outcome: { kind: 'action', action: 'deliver' },
};
