import type { SesVerdicts } from '../mail/inbound-mail.ts';
import type { SenderTrust } from './decision.ts';

/** Lower-cases and drops a trailing root dot, so `DWP.GOV.UK.` compares equal to `dwp.gov.uk`. */
export function normaliseDomain(domain: string): string {
  return domain.trim().toLowerCase().replace(/\.$/, '');
}

/**
 * True when `domain` equals `trusted` or is under it, on label boundaries:
 * `dwp.gov.uk` is under `gov.uk`; `evilgov.uk` and `gov.uk.example.com` are not.
 */
export function isUnderDomain(domain: string, trusted: string): boolean {
  const d = normaliseDomain(domain);
  const t = normaliseDomain(trusted);
  if (d === '' || t === '') return false;
  return d === t || d.endsWith(`.${t}`);
}

export interface SenderEvidence {
  readonly domain?: string;
  readonly isValidatedContact: boolean;
  /** The sender and the message were confirmed through a validated contact point (3.10). */
  readonly confirmedThroughContactPoint?: boolean;
}

/**
 * Decides how far the sender can be trusted. Trust comes from the domain's configuration (DMARC),
 * not its name: a trusted-looking domain is trusted only when SES's DMARC check passed for that
 * same From domain, and is spoofing when DMARC failed. A DMARC result other than pass or fail
 * (none, temperror, unknown) proves neither, so the sender is simply unverified.
 */
export function assessSenderTrust(
  sender: SenderEvidence,
  verdicts: SesVerdicts,
  trustedDomains: readonly string[],
): SenderTrust {
  const dmarcPassedForFrom =
    verdicts.dmarc === 'pass' &&
    sender.domain !== undefined &&
    (verdicts.dmarcHeaderFrom === undefined ||
      normaliseDomain(verdicts.dmarcHeaderFrom) === normaliseDomain(sender.domain));
  const looksTrusted =
    sender.domain !== undefined && trustedDomains.some((t) => isUnderDomain(sender.domain as string, t));
  if (looksTrusted) {
    if (dmarcPassedForFrom) return 'trusted';
    if (verdicts.dmarc === 'fail') return 'spoofed-trusted';
    return 'unverified';
  }
  if (sender.isValidatedContact && dmarcPassedForFrom) return 'verified-citizen';
  // DWP Email Policy 3.10: once confirmed through a validated contact point, the message is accepted.
  if (sender.confirmedThroughContactPoint) return 'verified-citizen';
  return 'unverified';
}
