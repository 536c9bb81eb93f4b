import type { Rule } from '../../../shared/policy/pack.ts';

/** Names, NINOs, reference numbers, phone numbers and addresses alone stay OFFICIAL (1.4). */
export const SENSITIVE_DATA: Rule = {
  id: 'DWP-1.4-SENSITIVE-DATA',
  paragraphs: ['DWP Email Policy 1.4', 'DWP Email Policy 1.9', 'DWP Email Policy 3.3'],
  reason:
    'Dates of birth, financial details, benefit amounts and health or special-category data need OFFICIAL-SENSITIVE handling',
  when: {
    findingAny: [
      'DATE_OF_BIRTH',
      'BANK_ACCOUNT',
      'IBAN',
      'PAYMENT_CARD',
      'BENEFIT_AMOUNT',
      'HEALTH',
      'SPECIAL_CATEGORY',
      'NHS_NUMBER',
    ],
  },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
