import type { Rule } from '../../../shared/policy/pack.ts';

export const FROM_NOT_SINGLE: Rule = {
  id: 'FROM-NOT-SINGLE',
  paragraphs: ['RFC 5322 §3.6', 'Understanding Secure Email §6'],
  reason:
    'Without exactly one From address, the sender SES checked (DMARC) and the sender shown could differ',
  when: { fromHeaderNotSingle: true },
  outcome: { kind: 'action', action: 'quarantine' },
};
