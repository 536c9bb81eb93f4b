import type { PolicyPack } from '../../shared/policy/pack.ts';
import { FROM_NOT_SINGLE } from '../common/rules/from-not-single.ts';
import { MALFORMED } from '../common/rules/malformed.ts';
import { SPOOFED_TRUSTED_DOMAIN } from '../common/rules/spoofed-trusted-domain.ts';
import { SECURE_DOMAINS } from '../common/secure-domains.ts';
import { DELIVER } from './rules/deliver.ts';
import { EXECUTABLE, SPAM, VIRUS } from './rules/filtering.ts';
import { FINANCIAL } from './rules/financial.ts';
import { MARKING } from './rules/marking.ts';
import { PROTECT } from './rules/protect.ts';
import { SPECIAL_CATEGORY } from './rules/special-category.ts';
import { UNSCANNED } from './rules/unscanned.ts';

/**
 * Cambridgeshire County Council's Email Policy: a council's variant of the same handling. It has
 * no unsolicited-data hold (DWP 3.10) and no bulk-records threshold, but flags `confidential`.
 */
export const CAMBRIDGESHIRE_PACK: PolicyPack = {
  id: 'cambridgeshire',
  version: '2026.11.2',
  title: 'Cambridgeshire County Council Email Policy',
  source: 'Cambridgeshire County Council Email Policy (seeds/cambridgeshire-email-policy.txt)',
  trustedDomains: SECURE_DOMAINS,
  rules: [
    MARKING,
    FINANCIAL,
    SPECIAL_CATEGORY,
    UNSCANNED,
    MALFORMED,
    FROM_NOT_SINGLE,
    VIRUS,
    SPAM,
    EXECUTABLE,
    SPOOFED_TRUSTED_DOMAIN,
    PROTECT,
    DELIVER,
  ],
};
