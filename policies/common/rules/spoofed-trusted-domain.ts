import type { Rule } from '../../../shared/policy/pack.ts';

export const SPOOFED_TRUSTED_DOMAIN: Rule = {
  id: 'SPOOFED-TRUSTED-DOMAIN',
  paragraphs: ['Understanding Secure Email §3', 'Understanding Secure Email §6'],
  reason: 'The sender claims a trusted domain but that domain’s DMARC check failed: spoofing',
  when: { senderTrust: ['spoofed-trusted'] },
  outcome: { kind: 'action', action: 'quarantine' },
};
