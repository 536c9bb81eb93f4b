import type { Rule } from '../../../shared/policy/pack.ts';

export const EXECUTABLE: Rule = {
  id: 'DWP-EXECUTABLE',
  paragraphs: ['Understanding Secure Email §2'],
  reason: 'An attachment is a program or script (by content or name), a common malware carrier',
  when: { attachmentFlag: ['executable'] },
  outcome: { kind: 'action', action: 'quarantine' },
};
