import { describe, expect, it } from 'vitest';
import { assessSenderTrust, isUnderDomain } from '../../shared/policy/sender-trust.ts';
import { CLEAN_VERDICTS } from './facts.ts';

const SECURE = ['gov.uk', 'nhs.net', 'police.uk'];

describe('isUnderDomain', () => {
  it.each([
    ['gov.uk', 'gov.uk', true],
    ['dwp.gov.uk', 'gov.uk', true],
    ['a.b.dwp.gov.uk', 'gov.uk', true],
    ['DWP.GOV.UK.', 'gov.uk', true],
    ['evilgov.uk', 'gov.uk', false],
    ['gov.uk.example.com', 'gov.uk', false],
    ['notgov.uk', 'gov.uk', false],
    ['uk', 'gov.uk', false],
    ['', 'gov.uk', false],
  ])('%s under %s → %s', (domain, trusted, expected) => {
    expect(isUnderDomain(domain, trusted)).toBe(expected);
  });
});

describe('assessSenderTrust', () => {
  it('trusts a secure domain only when DMARC passed for that From domain', () => {
    expect(
      assessSenderTrust({ domain: 'dwp.gov.uk', isValidatedContact: false }, CLEAN_VERDICTS, SECURE),
    ).toBe('trusted');
    expect(
      assessSenderTrust(
        { domain: 'dwp.gov.uk', isValidatedContact: false },
        { ...CLEAN_VERDICTS, dmarcHeaderFrom: 'dwp.gov.uk' },
        SECURE,
      ),
    ).toBe('trusted');
  });

  it('calls a trusted-looking domain with DMARC fail spoofing', () => {
    expect(
      assessSenderTrust(
        { domain: 'dwp.gov.uk', isValidatedContact: false },
        { ...CLEAN_VERDICTS, dmarc: 'fail' },
        SECURE,
      ),
    ).toBe('spoofed-trusted');
  });

  it('does not trust a secure domain whose DMARC result proves nothing', () => {
    for (const dmarc of ['none', 'temperror', 'unknown'] as const) {
      expect(
        assessSenderTrust(
          { domain: 'dwp.gov.uk', isValidatedContact: false },
          { ...CLEAN_VERDICTS, dmarc },
          SECURE,
        ),
      ).toBe('unverified');
    }
  });

  it('does not trust DMARC evaluated against a different header.from domain', () => {
    expect(
      assessSenderTrust(
        { domain: 'dwp.gov.uk', isValidatedContact: false },
        { ...CLEAN_VERDICTS, dmarcHeaderFrom: 'attacker.example' },
        SECURE,
      ),
    ).toBe('unverified');
  });

  it('does not trust look-alike domains even with DMARC pass', () => {
    for (const domain of ['evilgov.uk', 'gov.uk.example.com', 'nhs.net.example.org']) {
      expect(assessSenderTrust({ domain, isValidatedContact: false }, CLEAN_VERDICTS, SECURE)).toBe(
        'unverified',
      );
    }
  });

  it('verifies a citizen only when the address is a validated contact and DMARC passed', () => {
    const citizen = { domain: 'example.com', isValidatedContact: true };
    expect(assessSenderTrust(citizen, CLEAN_VERDICTS, SECURE)).toBe('verified-citizen');
    expect(assessSenderTrust(citizen, { ...CLEAN_VERDICTS, dmarc: 'fail' }, SECURE)).toBe('unverified');
    expect(assessSenderTrust(citizen, { ...CLEAN_VERDICTS, dmarc: 'unknown' }, SECURE)).toBe('unverified');
  });

  it('treats a missing From domain as unverified', () => {
    expect(assessSenderTrust({ isValidatedContact: true }, CLEAN_VERDICTS, SECURE)).toBe('unverified');
  });

  it('trusts configured partner domains like secure ones', () => {
    expect(
      assessSenderTrust({ domain: 'mail.partner.example', isValidatedContact: false }, CLEAN_VERDICTS, [
        ...SECURE,
        'partner.example',
      ]),
    ).toBe('trusted');
  });
});
