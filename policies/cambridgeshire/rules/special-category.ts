import type { Rule } from '../../../shared/policy/pack.ts';

export const SPECIAL_CATEGORY: Rule = {
  id: 'CCC-5-SPECIAL-CATEGORY',
  paragraphs: ['Cambridgeshire Email Policy §5'],
  reason:
    'Special personal information (health, ethnic origin, beliefs, sexuality, offences) is Official Sensitive',
  when: { findingAny: ['HEALTH', 'SPECIAL_CATEGORY', 'NHS_NUMBER'] },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
