import type { Rule } from '../../../shared/policy/pack.ts';

/** A sender's own email address is the minimum contact information (3.3), not a reason to hold. */
export const UNSOLICITED: Rule = {
  id: 'DWP-3.10-UNSOLICITED',
  paragraphs: ['DWP Email Policy 3.10'],
  reason:
    'Unsolicited personal data from a sender who is neither trusted nor a verified citizen is held until confirmed through a validated contact point',
  when: {
    all: [{ senderTrust: ['unverified'] }, { findingOtherThan: ['EMAIL_ADDRESS'] }],
  },
  outcome: { kind: 'action', action: 'hold' },
};
