import type { Rule } from '../../../shared/policy/pack.ts';

export const MARKING: Rule = {
  id: 'DWP-1.8-MARKING',
  paragraphs: ['DWP Email Policy 1.8', 'Understanding Secure Email §4'],
  reason: 'The sender marked the subject OFFICIAL-SENSITIVE',
  when: { subjectMarking: ['OFFICIAL-SENSITIVE'] },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
