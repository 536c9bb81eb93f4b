import type { Rule } from '../../../shared/policy/pack.ts';

/** §7.1: the council screens incoming mail for viruses, executables and spam, and quarantines it. */
export const VIRUS: Rule = {
  id: 'CCC-7.1-VIRUS',
  paragraphs: ['Cambridgeshire Email Policy §7.1'],
  reason: 'Mail filtering quarantines virus attacks',
  when: { verdict: { check: 'virus', in: ['FAIL'] } },
  outcome: { kind: 'action', action: 'quarantine' },
};

export const SPAM: Rule = {
  id: 'CCC-7.1-SPAM',
  paragraphs: ['Cambridgeshire Email Policy §7.1'],
  reason: 'Mail filtering quarantines spam',
  when: { verdict: { check: 'spam', in: ['FAIL'] } },
  outcome: { kind: 'action', action: 'quarantine' },
};

export const EXECUTABLE: Rule = {
  id: 'CCC-7.1-EXECUTABLE',
  paragraphs: ['Cambridgeshire Email Policy §7.1'],
  reason: 'Mail filtering quarantines executable files',
  when: { attachmentFlag: ['executable'] },
  outcome: { kind: 'action', action: 'quarantine' },
};
