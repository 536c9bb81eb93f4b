import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDmarc } from '../../shared/domain/dmarc-record.ts';
import {
  mtaStsPolicyId,
  mxNotInPolicy,
  parseMtaStsPolicy,
  parseMtaStsTxt,
  renderMtaStsPolicy,
} from '../../shared/domain/mta-sts.ts';
import {
  type ReceivingDomainSettings,
  receivingDomainRecords,
} from '../../shared/domain/receiving-records.ts';
import { DomainRecordError } from '../../shared/domain/record-error.ts';
import { parseSpfRecord } from '../../shared/domain/spf-record.ts';
import { parseTlsRpt } from '../../shared/domain/tls-rpt-record.ts';

describe('Record: SPF', () => {
  it.each([
    ['v=spf1 include:amazonses.com -all', { all: '-', includes: ['amazonses.com'], lookupTerms: 1 }],
    ['v=spf1 ip4:192.0.2.0/24 mx a:relay.example.gov.uk ~all', { all: '~', includes: [], lookupTerms: 2 }],
    [
      'v=spf1 redirect=_spf.example.gov.uk',
      { includes: [], redirect: '_spf.example.gov.uk', lookupTerms: 1 },
    ],
    ['V=SPF1 -ALL', { all: '-', includes: [], lookupTerms: 0 }],
  ])('reads %s', (txt, expected) => {
    expect(parseSpfRecord(txt)).toEqual({ raw: txt, ...expected });
  });

  it.each([
    ['v=spf1include:amazonses.com -all', 'SPF record must start with "v=spf1" followed by a space'],
    ['v=spf1 ip4:192.0.2 -all', 'SPF record: Invalid "ip4" term'],
    ['v=spf1 redirect=a.example redirect=b.example', 'SPF record: more than 1 redirect found'],
    ['v=spf1 all:x', 'SPF record: Unexpected value for "all"'],
  ])('rejects %s', (txt, message) => {
    expect(() => parseSpfRecord(txt)).toThrow(new DomainRecordError(message));
  });
});

describe('Record: DMARC', () => {
  it('reads a full record with defaults applied', () => {
    expect(parseDmarc('v=DMARC1; p=reject; rua=mailto:a@example.gov.uk,mailto:b@example.gov.uk')).toEqual({
      raw: 'v=DMARC1; p=reject; rua=mailto:a@example.gov.uk,mailto:b@example.gov.uk',
      p: 'reject',
      sp: 'reject',
      pct: 100,
      rua: ['mailto:a@example.gov.uk', 'mailto:b@example.gov.uk'],
      adkim: 'r',
      aspf: 'r',
    });
  });

  it.each([
    ['v=DMARC1; rua=mailto:a@example.gov.uk', 'DMARC record: the p= tag is missing'],
    ['v=DMARC1; p=reject; p=none', 'DMARC record: a tag appears twice'],
    ['v=DMARC1; p=reject; sp=block', 'DMARC record: sp=block is not one of none, quarantine, reject'],
    ['v=DMARC1; p=reject; pct=150', 'DMARC record: pct=150 is over 100'],
    ['v=DMARC1; p=reject; pct=half', 'DMARC record: pct=half is not a whole number from 0 to 100'],
    ['v=DMARC1; p=reject; adkim=x', 'DMARC record: adkim=x is not r or s'],
    [
      'v=DMARC1; p=reject; rua=dmarc@example.gov.uk',
      'DMARC record: rua "dmarc@example.gov.uk" is not a URI (e.g. mailto:reports@example.gov.uk)',
    ],
    [
      'v=DMARC1; p=reject; rua=ftp://example.gov.uk/r',
      'DMARC record: rua "ftp://example.gov.uk/r" must use mailto or https',
    ],
    ['v=dmarc1; p=reject', 'DMARC record must start with v=DMARC1'],
  ])('rejects %s', (txt, message) => {
    expect(() => parseDmarc(txt)).toThrow(new DomainRecordError(message));
  });
});

describe('Record: TLS-RPT', () => {
  it('reads mailto and https destinations', () => {
    expect(
      parseTlsRpt('v=TLSRPTv1; rua=mailto:tls@example.gov.uk,https://reports.example.gov.uk/tls').rua,
    ).toEqual(['mailto:tls@example.gov.uk', 'https://reports.example.gov.uk/tls']);
  });
  it.each([
    ['v=TLSRPTv1;', 'TLS-RPT record: the rua= tag is missing'],
    ['rua=mailto:tls@example.gov.uk; v=TLSRPTv1', 'TLS-RPT record must start with v=TLSRPTv1'],
    ['v=TLSRPTv1; rua=mailto:', 'TLS-RPT record: rua "mailto:" has no valid address'],
    ['v=TLSRPTv1; rua', 'TLS-RPT record: "rua" is not a tag=value pair'],
  ])('rejects %s', (txt, message) => {
    expect(() => parseTlsRpt(txt)).toThrow(new DomainRecordError(message));
  });
});

describe('MTA-STS', () => {
  const policy = renderMtaStsPolicy({
    mode: 'enforce',
    mx: ['inbound-smtp.eu-west-2.amazonaws.com'],
    maxAgeSeconds: 1_209_600,
  });

  it('renders a policy its strict parser reads back', () => {
    expect(policy).toBe(
      'version: STSv1\r\nmode: enforce\r\nmx: inbound-smtp.eu-west-2.amazonaws.com\r\nmax_age: 1209600\r\n',
    );
    expect(parseMtaStsPolicy(policy)).toEqual({
      version: 'STSv1',
      mode: 'enforce',
      mx: ['inbound-smtp.eu-west-2.amazonaws.com'],
      maxAge: 1_209_600,
    });
  });

  it('derives an id that changes with the policy and fits RFC 8461', () => {
    const id = mtaStsPolicyId(policy);
    expect(id).toMatch(/^[A-Za-z0-9]{1,32}$/);
    expect(mtaStsPolicyId(policy)).toBe(id);
    expect(mtaStsPolicyId(policy.replace('enforce', 'testing'))).not.toBe(id);
  });

  it('matches MX hosts against the policy, wildcards one label deep', () => {
    const parsed = parseMtaStsPolicy(
      renderMtaStsPolicy({ mode: 'enforce', mx: ['*.mail.example.gov.uk'], maxAgeSeconds: 86_400 }),
    );
    expect(
      mxNotInPolicy(parsed, ['a.mail.example.gov.uk', 'b.c.mail.example.gov.uk', 'mail.example.gov.uk']),
    ).toEqual(['b.c.mail.example.gov.uk', 'mail.example.gov.uk']);
  });

  it.each([
    ['v=STSv1; id=20261123T1;', '20261123T1'],
    ['v=STSv1;id=abc', 'abc'],
  ])('reads the id of %s', (txt, id) => {
    expect(parseMtaStsTxt(txt).id).toBe(id);
  });

  it.each([
    ['v=STSv1;', 'MTA-STS record: the id= tag is missing'],
    [
      `v=STSv1; id=${'a'.repeat(33)}`,
      `MTA-STS record: id=${'a'.repeat(33)} must be 1 to 32 letters or digits`,
    ],
    ['v=STSv2; id=abc', 'MTA-STS record must start with v=STSv1'],
  ])('rejects %s', (txt, message) => {
    expect(() => parseMtaStsTxt(txt)).toThrow(new DomainRecordError(message));
  });

  it('rejects a policy without mx lines in enforce mode', () => {
    expect(() => parseMtaStsPolicy('version: STSv1\r\nmode: enforce\r\nmax_age: 86400\r\n')).toThrow(
      new DomainRecordError('MTA-STS policy: Missing mx field'),
    );
  });
});

describe('record parsers on arbitrary input', () => {
  const parsers = [parseSpfRecord, parseDmarc, parseTlsRpt, parseMtaStsTxt, parseMtaStsPolicy];
  const prefixes = ['v=spf1 ', 'v=DMARC1; ', 'v=TLSRPTv1; ', 'v=STSv1; ', 'version: STSv1\nmode: '];

  it('either read a record or throw DomainRecordError, quickly, for any text', () => {
    fc.assert(
      fc.property(fc.constantFrom(...prefixes), fc.string({ maxLength: 300 }), (prefix, rest) => {
        for (const parse of parsers) {
          try {
            parse(prefix + rest);
          } catch (error) {
            expect(error).toBeInstanceOf(DomainRecordError);
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuse records too long to be real before parsing them', () => {
    const long = `v=spf1 ${'ip4:192.0.2.1 '.repeat(400)}-all`;
    expect(() => parseSpfRecord(long)).toThrow(/over 4096/);
    expect(() => parseDmarc(`v=DMARC1; p=reject; x=${'a;'.repeat(3000)}`)).toThrow(/over 4096/);
  });
});

describe('receivingDomainRecords', () => {
  const settings: ReceivingDomainSettings = {
    domain: 'caveat.example.gov.uk',
    region: 'eu-west-2',
    dmarcPolicy: 'reject',
    dmarcReportAddress: 'dmarc-reports@caveat.example.gov.uk',
    additionalDmarcRua: ['dmarc-rua@dmarc.service.gov.uk'],
    tlsReportAddress: 'tls-reports@caveat.example.gov.uk',
    additionalTlsRptRua: [],
    spfIncludes: ['amazonses.com'],
    mtaStsMode: 'enforce',
    mtaStsMaxAgeSeconds: 1_209_600,
  };
  const built = receivingDomainRecords(settings);

  it('lists the records the standard asks for, each passing its own parser', () => {
    expect(built.records.map((r) => `${r.type} ${r.name} ${r.values.join(' | ')}`)).toEqual([
      'MX caveat.example.gov.uk 10 inbound-smtp.eu-west-2.amazonaws.com',
      'TXT caveat.example.gov.uk v=spf1 include:amazonses.com -all',
      'TXT _dmarc.caveat.example.gov.uk v=DMARC1; p=reject; rua=mailto:dmarc-reports@caveat.example.gov.uk,mailto:dmarc-rua@dmarc.service.gov.uk',
      'TXT _smtp._tls.caveat.example.gov.uk v=TLSRPTv1; rua=mailto:tls-reports@caveat.example.gov.uk',
      `TXT _mta-sts.caveat.example.gov.uk v=STSv1; id=${built.mtaStsPolicyId}`,
    ]);
    const txt = (purpose: string) => built.records.find((r) => r.purpose === purpose)?.values[0] ?? '';
    expect(parseSpfRecord(txt('spf')).all).toBe('-');
    expect(parseDmarc(txt('dmarc')).p).toBe('reject');
    expect(parseTlsRpt(txt('tls-rpt')).rua).toHaveLength(1);
    expect(parseMtaStsTxt(txt('mta-sts')).id).toBe(built.mtaStsPolicyId);
    expect(parseMtaStsPolicy(built.mtaStsPolicy)).toMatchObject({
      mode: 'enforce',
      mx: ['inbound-smtp.eu-west-2.amazonaws.com'],
    });
    expect(built.mtaStsHost).toBe('mta-sts.caveat.example.gov.uk');
  });

  it('changes the MTA-STS id when the policy changes, and only then', () => {
    expect(receivingDomainRecords({ ...settings, dmarcPolicy: 'quarantine' }).mtaStsPolicyId).toBe(
      built.mtaStsPolicyId,
    );
    expect(receivingDomainRecords({ ...settings, region: 'eu-west-1' }).mtaStsPolicyId).not.toBe(
      built.mtaStsPolicyId,
    );
    expect(receivingDomainRecords({ ...settings, mtaStsMode: 'testing' }).mtaStsPolicyId).not.toBe(
      built.mtaStsPolicyId,
    );
  });
});
