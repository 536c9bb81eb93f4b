import type { Rule } from '../../../shared/policy/pack.ts';

export const CARD_MASK: Rule = {
  id: 'DWP-1.10-CARD',
  paragraphs: ['DWP Email Policy 1.10'],
  reason: 'Card numbers must never be sent by email, so they are masked in every copy kept or sent',
  when: { findingAny: ['PAYMENT_CARD'] },
  outcome: { kind: 'mask', types: ['PAYMENT_CARD'] },
};
