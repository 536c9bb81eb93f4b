import type { Rule } from '../../../shared/policy/pack.ts';

/**
 * Mail may go unencrypted only when neither it nor its attachments are OFFICIAL-SENSITIVE (1.2).
 * An attachment whose text could not be read cannot be shown to be OFFICIAL, so it is handled
 * as OFFICIAL-SENSITIVE: protected, never delivered as plaintext on an unverified guess.
 */
export const UNSCANNED: Rule = {
  id: 'DWP-1.2-UNSCANNED',
  paragraphs: ['DWP Email Policy 1.2', 'DWP Email Policy 1.7'],
  reason:
    'An attachment could not be read in full (an archive, an encrypted or corrupt file, or text past the size cap), so it is handled as OFFICIAL-SENSITIVE',
  when: {
    attachmentFlag: ['contents-not-scanned', 'encrypted-archive', 'extraction-failed', 'text-truncated'],
  },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
