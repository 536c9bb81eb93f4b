import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../infra/config.ts';
import { configErrorOf, demoConfig } from './synth.ts';

const withDomain = (domain: Record<string, unknown>) => ({ ...demoConfig(), domain });
const errorOf = (input: unknown): string => configErrorOf(() => parseConfig(input));

describe('Config: domain', () => {
  it('defaults to reject, enforce, two weeks and report addresses at the receiving domain', () => {
    expect(parseConfig(demoConfig()).domain).toEqual({
      dmarcPolicy: 'reject',
      dmarcReportAddress: 'dmarc-reports@caveat.example.gov.uk',
      tlsReportAddress: 'tls-reports@caveat.example.gov.uk',
      additionalDmarcRua: [],
      additionalTlsRptRua: [],
      spfIncludes: ['amazonses.com'],
      mtaStsMode: 'enforce',
      mtaStsMaxAgeSeconds: 1_209_600,
    });
  });

  it('accepts a hosted zone that is the receiving domain or a parent', () => {
    for (const name of ['caveat.example.gov.uk', 'example.gov.uk']) {
      expect(
        parseConfig(withDomain({ hostedZone: { id: 'Z0123456789ABC', name } })).domain.hostedZone,
      ).toEqual({
        id: 'Z0123456789ABC',
        name,
      });
    }
  });

  it.each([
    [
      { hostedZone: { id: 'Z0123456789ABC', name: 'other.gov.uk' } },
      'domain.hostedZone.name: must be caveat.example.gov.uk or a parent of it',
    ],
    [
      { hostedZone: { id: 'zone-1', name: 'example.gov.uk' } },
      'domain.hostedZone.id: must be a Route 53 hosted zone id (Z…)',
    ],
    [{ dmarcPolicy: 'block' }, 'domain.dmarcPolicy: Invalid option'],
    [{ mtaStsMode: 'none' }, 'domain.mtaStsMode: Invalid option'],
    [{ mtaStsMaxAgeSeconds: 3600 }, 'domain.mtaStsMaxAgeSeconds: Too small'],
    [
      { dmarcReportAddress: 'dmarc@elsewhere.gov.uk' },
      'domain.dmarcReportAddress: must be at the receiving domain caveat.example.gov.uk',
    ],
    [
      { tlsReportAddress: 'universal.credit@caveat.example.gov.uk' },
      'domain.tlsReportAddress: universal.credit@caveat.example.gov.uk is also a shared mailbox: reports are parsed, not classified',
    ],
    [
      { tlsReportAddress: 'dmarc-reports@caveat.example.gov.uk' },
      'domain.tlsReportAddress: must differ from dmarcReportAddress',
    ],
    [{ additionalDmarcRua: ['not an address'] }, 'domain.additionalDmarcRua[0]: Invalid email address'],
    [{ spf: 'v=spf1 -all' }, 'domain: Unrecognized key: "spf"'],
  ])('fails synth naming the field for %j', (domain, message) => {
    expect(errorOf(withDomain(domain))).toContain(`caveat config: ${message}`);
  });
});
