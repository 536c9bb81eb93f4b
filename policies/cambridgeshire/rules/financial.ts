import type { Rule } from '../../../shared/policy/pack.ts';

export const FINANCIAL: Rule = {
  id: 'CCC-5-FINANCIAL',
  paragraphs: ['Cambridgeshire Email Policy §5'],
  reason: 'Information about a person’s financial position is Official Sensitive',
  when: { findingAny: ['BANK_ACCOUNT', 'IBAN', 'PAYMENT_CARD', 'BENEFIT_AMOUNT'] },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
