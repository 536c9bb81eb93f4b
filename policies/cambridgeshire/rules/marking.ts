import type { Rule } from '../../../shared/policy/pack.ts';

export const MARKING: Rule = {
  id: 'CCC-13-MARKING',
  paragraphs: ['Cambridgeshire Email Policy §13', 'Understanding Secure Email §4'],
  reason: 'The sender flagged the subject Official Sensitive or confidential',
  when: { subjectMarking: ['OFFICIAL-SENSITIVE', 'CONFIDENTIAL'] },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
