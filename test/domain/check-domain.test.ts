import { describe, expect, it } from 'vitest';
import { type CheckId, checkDomain, type RecordCheck } from '../../shared/domain/check-domain.ts';
import { recording, replay } from './recorded.ts';

async function check(name: string) {
  const recorded = recording(name);
  const report = await checkDomain(recorded.domain, replay(recorded));
  const by = (id: CheckId): RecordCheck => {
    const found = report.checks.find((c) => c.id === id);
    if (!found) throw new Error(`no ${id} check`);
    return found;
  };
  return { report, by };
}

const statuses = (checks: readonly RecordCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

describe('checkDomain', () => {
  it('passes a domain set up as the standard asks', async () => {
    const { report, by } = await check('compliant');
    expect(report.status).toBe('pass');
    expect(statuses(report.checks)).toEqual({
      mx: 'pass',
      spf: 'pass',
      dmarc: 'pass',
      'mta-sts': 'pass',
      'tls-rpt': 'pass',
    });
    expect(by('mta-sts').found).toContain(
      'https://mta-sts.caveat.example.gov.uk/.well-known/mta-sts.txt: mode: enforce',
    );
    expect(by('spf').found).toEqual(['v=spf1 include:amazonses.com -all']);
    for (const check of report.checks) for (const f of check.findings) expect(f.fix).toBeUndefined();
  });

  it('fails every missing record, with the record to publish', async () => {
    const { report, by } = await check('missing');
    expect(statuses(report.checks)).toEqual({
      mx: 'pass',
      spf: 'fail',
      dmarc: 'fail',
      'mta-sts': 'fail',
      'tls-rpt': 'fail',
    });
    expect(by('dmarc').findings[0]?.fix).toContain(
      '_dmarc.caveat.example.gov.uk: "v=DMARC1; p=reject; rua=mailto:',
    );
    expect(by('tls-rpt').findings[0]?.fix).toContain(
      'v=TLSRPTv1; rua=mailto:tls-reports@caveat.example.gov.uk',
    );
    expect(by('mta-sts').findings[0]?.message).toMatch(/no MTA-STS record/);
    expect(by('spf').findings[0]?.fix).toMatch(/-all/);
  });

  it('names the syntax error in each record and policy file', async () => {
    const { report, by } = await check('syntax-errors');
    expect(report.status).toBe('fail');
    expect(by('spf').findings).toEqual([
      expect.objectContaining({ status: 'fail', message: 'SPF record: Unknown mechanism "inclde"' }),
    ]);
    expect(by('dmarc').findings[0]?.message).toBe(
      'DMARC record: p=rejected is not one of none, quarantine, reject',
    );
    expect(by('mta-sts').findings).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        message: 'MTA-STS record: id=2026-11-23 must be 1 to 32 letters or digits',
      }),
    );
    expect(by('tls-rpt').findings[0]?.message).toMatch(
      /rua "tls-reports@caveat.example.gov.uk" is not a URI/,
    );
  });

  it('reads a broken policy file as a failure naming the field', async () => {
    const recorded = recording('syntax-errors');
    const zone = { ...recorded.zone, '_mta-sts.caveat.example.gov.uk': { txt: ['v=STSv1; id=abc123'] } };
    const report = await checkDomain(recorded.domain, replay({ ...recorded, zone }));
    const sts = report.checks.find((c) => c.id === 'mta-sts');
    expect(sts?.findings).toContainEqual(
      expect.objectContaining({ status: 'fail', message: 'MTA-STS policy: Invalid mode field' }),
    );
  });

  it('fails p=none and warns on ?all', async () => {
    const { by } = await check('dmarc-none');
    expect(by('dmarc').status).toBe('fail');
    expect(by('dmarc').findings[0]?.message).toMatch(/^p=none: mail spoofing the domain is delivered/);
    expect(by('spf').status).toBe('warn');
    expect(by('spf').findings[0]?.fix).toBe('end the SPF record with -all (or ~all)');
  });

  it('warns on quarantine, sp=none, pct below 100, testing mode and a short max_age; ~all passes', async () => {
    const { report, by } = await check('partial');
    expect(report.status).toBe('warn');
    expect(by('spf').status).toBe('pass');
    expect(by('dmarc').findings.map((f) => `${f.status} ${f.message.split(':')[0]}`)).toEqual([
      'warn p=quarantine',
      'warn sp=none',
      'warn pct=50',
      'pass aggregate reports go to mailto',
    ]);
    expect(by('mta-sts').findings.map((f) => f.status)).toEqual(['pass', 'warn', 'warn']);
    expect(by('mta-sts').findings[2]?.message).toBe('max_age: 3600 is under a day');
  });

  it('fails an MTA-STS id published without a policy file', async () => {
    const { by } = await check('sts-no-policy');
    expect(by('mta-sts').status).toBe('fail');
    expect(by('mta-sts').findings[1]).toEqual({
      status: 'fail',
      message:
        'the record names a policy, but https://mta-sts.caveat.example.gov.uk/.well-known/mta-sts.txt answered HTTP 404',
      fix: expect.stringContaining(
        'serve the policy file at https://mta-sts.caveat.example.gov.uk/.well-known/mta-sts.txt',
      ),
    });
  });

  it('fails a policy host that cannot be reached at all', async () => {
    const recorded = recording('compliant');
    const report = await checkDomain(recorded.domain, replay({ ...recorded, policies: {} }));
    expect(report.checks.find((c) => c.id === 'mta-sts')?.findings[1]?.message).toMatch(
      /could not be fetched \(ENOTFOUND\)$/,
    );
  });

  it('fails a policy that does not list the MX host', async () => {
    const { by } = await check('sts-wrong-mx');
    expect(by('mta-sts').findings).toContainEqual({
      status: 'fail',
      message:
        'the policy does not list the MX host inbound-smtp.eu-west-1.amazonaws.com: senders enforcing it will not deliver there',
      fix: expect.stringContaining('"mx: inbound-smtp.eu-west-1.amazonaws.com"'),
    });
  });

  it('fails duplicate SPF and DMARC records', async () => {
    const { by } = await check('duplicates');
    expect(by('spf').findings[0]?.message).toBe(
      '2 records: receivers treat several SPF records as a permanent error (RFC 7208 §4.5)',
    );
    expect(by('dmarc').findings[0]?.message).toMatch(/^2 records: receivers ignore every DMARC record/);
  });

  it('counts SPF lookups through includes', async () => {
    const { by } = await check('spf-too-many-lookups');
    expect(by('spf').findings).toContainEqual(
      expect.objectContaining({
        status: 'fail',
        message: expect.stringMatching(/^needs (1[1-9]|[2-9]\d) DNS lookups/),
      }),
    );
    const { by: compliant } = await check('compliant');
    expect(compliant('spf').findings.map((f) => f.status)).toEqual(['pass']);
  });

  it('reports a DNS failure as a failure, not as a missing record', async () => {
    const report = await checkDomain('caveat.example.gov.uk', {
      resolver: async () => {
        throw Object.assign(new Error('queryTxt ESERVFAIL'), { code: 'ESERVFAIL' });
      },
      fetchPolicy: async () => ({ status: 200, body: '' }),
    });
    expect(report.status).toBe('fail');
    for (const check of report.checks)
      expect(check.findings[0]?.message).toMatch(/DNS lookup of .* failed \(ESERVFAIL\)/);
  });

  it('fails a null MX', async () => {
    const report = await checkDomain('caveat.example.gov.uk', {
      resolver: async (_name, type) => {
        if (type === 'MX') return [{ exchange: '', priority: 0 }];
        throw Object.assign(new Error('nodata'), { code: 'ENODATA' });
      },
      fetchPolicy: async () => ({ status: 404, body: '' }),
    });
    expect(report.checks[0]?.findings[0]?.message).toMatch(/null MX/);
  });
});

describe('checkDomain: a subdomain without a DMARC record of its own', () => {
  const inherit = async (parentRecord: string) => {
    const recorded = recording('compliant');
    const zone: Record<string, unknown> = {
      ...recorded.zone,
      '_dmarc.example.gov.uk': { txt: [parentRecord] },
    };
    delete zone['_dmarc.caveat.example.gov.uk'];
    const report = await checkDomain(
      recorded.domain,
      replay({ ...recorded, zone: zone as typeof recorded.zone }),
    );
    return report.checks.find((c) => c.id === 'dmarc');
  };

  it('judges the organisational domain’s sp= and asks for a record of its own', async () => {
    const dmarc = await inherit('v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@example.gov.uk');
    expect(dmarc?.status).toBe('warn');
    expect(dmarc?.found).toEqual([
      '_dmarc.example.gov.uk: v=DMARC1; p=reject; sp=reject; rua=mailto:dmarc@example.gov.uk',
    ]);
    expect(dmarc?.findings.map((f) => f.status)).toEqual(['warn', 'pass']);
    expect(dmarc?.findings[0]?.fix).toMatch(/^publish a record of its own at _dmarc.caveat.example.gov.uk/);
  });

  it('fails an inherited sp=none', async () => {
    const dmarc = await inherit('v=DMARC1; p=reject; sp=none');
    expect(dmarc?.status).toBe('fail');
  });
});
