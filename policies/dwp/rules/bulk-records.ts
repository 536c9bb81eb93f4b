import type { Rule } from '../../../shared/policy/pack.ts';

export const BULK_RECORDS: Rule = {
  id: 'DWP-1.6-BULK',
  paragraphs: ['DWP Email Policy 1.6'],
  reason: 'More than 500 OFFICIAL records are treated as OFFICIAL-SENSITIVE',
  when: { recordsOver: 500 },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
