import type { PolicyPack } from '../../shared/policy/pack.ts';
import { FROM_NOT_SINGLE } from '../common/rules/from-not-single.ts';
import { MALFORMED } from '../common/rules/malformed.ts';
import { SPOOFED_TRUSTED_DOMAIN } from '../common/rules/spoofed-trusted-domain.ts';
import { SECURE_DOMAINS } from '../common/secure-domains.ts';
import { BULK_RECORDS } from './rules/bulk-records.ts';
import { CARD_MASK } from './rules/card-mask.ts';
import { DELIVER } from './rules/deliver.ts';
import { EXECUTABLE } from './rules/executable.ts';
import { MARKING } from './rules/marking.ts';
import { PROTECT } from './rules/protect.ts';
import { SENSITIVE_DATA } from './rules/sensitive-data.ts';
import { SPAM } from './rules/spam.ts';
import { UNSCANNED } from './rules/unscanned.ts';
import { UNSOLICITED } from './rules/unsolicited.ts';
import { VIRUS } from './rules/virus.ts';

/** The DWP Email Policy: the default pack. This list is the only place rules are ordered. */
export const DWP_PACK: PolicyPack = {
  id: 'dwp',
  version: '2026.11.2',
  title: 'DWP Email Policy',
  source: 'DWP Email Policy (seeds/dwp-email-policy.txt)',
  trustedDomains: SECURE_DOMAINS,
  rules: [
    // Classification: any match makes the message OFFICIAL-SENSITIVE.
    MARKING,
    BULK_RECORDS,
    SENSITIVE_DATA,
    UNSCANNED,
    // Masking: applies on top of whatever action wins.
    CARD_MASK,
    // Actions, quarantine > hold > protect > deliver; first match wins.
    MALFORMED,
    FROM_NOT_SINGLE,
    VIRUS,
    SPAM,
    EXECUTABLE,
    SPOOFED_TRUSTED_DOMAIN,
    UNSOLICITED,
    PROTECT,
    DELIVER,
  ],
};
