import type { TrustedDomain } from '../../shared/policy/pack.ts';

/**
 * Secure government and public-sector domains. Each is trusted only when SES's DMARC check passes:
 * the assurance is the domain's configuration, not its name (Understanding Secure Email §6).
 */
export const SECURE_DOMAINS: readonly TrustedDomain[] = [
  {
    domain: 'gov.uk',
    reason:
      'Central and local government; DWP Email Policy 1.1 allows OFFICIAL-SENSITIVE to gov.uk addresses (covers the former gcsx.gov.uk)',
  },
  {
    domain: 'nhs.net',
    reason: 'NHSmail, accredited to the secure email standard (DCB1596) for patient data',
  },
  {
    domain: 'cjsm.net',
    reason: 'Criminal Justice Secure eMail service, used by courts, prosecutors and probation',
  },
  { domain: 'police.uk', reason: 'Police forces, on the secure email standard since the PSN/CJX migration' },
  { domain: 'mod.uk', reason: 'Ministry of Defence, a secure government domain' },
];
