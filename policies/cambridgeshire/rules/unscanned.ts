import type { Rule } from '../../../shared/policy/pack.ts';

/** Staff must identify how sensitive information is (§5); unread content is assumed sensitive. */
export const UNSCANNED: Rule = {
  id: 'CCC-5-UNSCANNED',
  paragraphs: ['Cambridgeshire Email Policy §5'],
  reason:
    'An attachment could not be read in full (an archive, an encrypted or corrupt file, or text past the size cap), so it is handled as Official Sensitive',
  when: {
    attachmentFlag: ['contents-not-scanned', 'encrypted-archive', 'extraction-failed', 'text-truncated'],
  },
  outcome: { kind: 'classify', classification: 'OFFICIAL-SENSITIVE' },
};
