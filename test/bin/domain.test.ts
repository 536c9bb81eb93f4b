import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../bin/caveat.ts';
import { domainCommand, EXIT_DOMAIN_FAILS } from '../../bin/commands/domain.ts';
import { recording, replay } from '../domain/recorded.ts';

async function run(fixture: string, args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await domainCommand(replay(recording(fixture)))(args, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdin: async () => '',
  });
  return { code, out, err };
}

describe('caveat domain check', () => {
  it('prints each record with its status and exits 0 on a compliant domain', async () => {
    const { code, out } = await run('compliant', ['check', 'caveat.example.gov.uk']);
    expect(code).toBe(0);
    expect(out[0]).toBe('caveat.example.gov.uk: PASS');
    expect(out.filter((l) => /^(PASS|WARN|FAIL) {2}/.test(l))).toEqual([
      'PASS  MX  caveat.example.gov.uk',
      'PASS  SPF  caveat.example.gov.uk',
      'PASS  DMARC  _dmarc.caveat.example.gov.uk',
      'PASS  MTA-STS  _mta-sts.caveat.example.gov.uk',
      'PASS  TLS-RPT  _smtp._tls.caveat.example.gov.uk',
    ]);
  });

  it('prints the fix under each failure and exits 3', async () => {
    const { code, out } = await run('dmarc-none', ['check', 'caveat.example.gov.uk']);
    expect(code).toBe(EXIT_DOMAIN_FAILS);
    const at = out.indexOf('FAIL  DMARC  _dmarc.caveat.example.gov.uk');
    expect(at).toBeGreaterThan(0);
    expect(out.slice(at + 1, at + 4)).toEqual([
      '      found: v=DMARC1; p=none',
      '      fail: p=none: mail spoofing the domain is delivered as if it were genuine',
      '      fix: set p=quarantine, then p=reject, at _dmarc.caveat.example.gov.uk once the aggregate reports show only your own senders',
    ]);
  });

  it('prints one JSON document with --json', async () => {
    const { code, out } = await run('sts-wrong-mx', ['check', '--json', 'caveat.example.gov.uk']);
    expect(code).toBe(EXIT_DOMAIN_FAILS);
    expect(out).toHaveLength(1);
    const report = JSON.parse(out[0] ?? '{}');
    expect(report).toMatchObject({ domain: 'caveat.example.gov.uk', status: 'fail' });
    expect(report.checks.map((c: { id: string; status: string }) => `${c.id}:${c.status}`)).toEqual([
      'mx:pass',
      'spf:pass',
      'dmarc:pass',
      'mta-sts:fail',
      'tls-rpt:pass',
    ]);
  });

  it('exits 0 with warnings only', async () => {
    const { code, out } = await run('partial', ['check', 'caveat.example.gov.uk']);
    expect(out[0]).toBe('caveat.example.gov.uk: WARN');
    expect(code).toBe(0);
  });

  it.each([
    [['domain'], 'unknown domain subcommand "" (expected: check, records)'],
    [['domain', 'check'], 'domain check needs exactly one domain'],
    [['domain', 'check', 'not a domain'], '"not a domain" is not a domain name'],
  ])('answers %j with a usage error', async (argv, message) => {
    const err: string[] = [];
    const code = await runCli(argv, { out: () => undefined, err: (l) => err.push(l), stdin: async () => '' });
    expect(code).toBe(2);
    expect(err[0]).toBe(`caveat: ${message}`);
  });
});

describe('caveat domain records', () => {
  async function cli(argv: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runCli(argv, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      stdin: async () => '',
    });
    return { code, out, err };
  }

  it('prints the records and the policy of the configuration in cdk.json', async () => {
    const { code, out } = await cli(['domain', 'records']);
    expect(code).toBe(0);
    expect(out).toContain('  MX caveat.example.gov.uk 10 inbound-smtp.eu-west-2.amazonaws.com');
    expect(out).toContain(
      '  TXT _dmarc.caveat.example.gov.uk "v=DMARC1; p=reject; rua=mailto:dmarc-reports@caveat.example.gov.uk"',
    );
    expect(out).toContain('  mode: enforce');
    expect(out.find((l) => l.startsWith('  TXT _mta-sts.'))).toMatch(/"v=STSv1; id=[a-f0-9]{32}"$/);
  });

  it('reads a config file and names a wrong field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'caveat-domain-'));
    const file = join(dir, 'config.json');
    const config = JSON.parse(readFileSync('cdk.json', 'utf8')).context.caveat;
    writeFileSync(file, JSON.stringify({ ...config, domain: { dmarcPolicy: 'none' } }));
    const { out } = await cli(['domain', 'records', '--json', '--config', file]);
    expect(JSON.parse(out[0] ?? '{}').records[2].values).toEqual([
      'v=DMARC1; p=none; rua=mailto:dmarc-reports@caveat.example.gov.uk',
    ]);
    writeFileSync(file, JSON.stringify({ ...config, domain: { mtaStsMode: 'off' } }));
    const broken = await cli(['domain', 'records', '--config', file]);
    expect(broken.code).toBe(2);
    expect(broken.err[0]).toMatch(/^caveat: caveat config: domain\.mtaStsMode: Invalid option/);
  });
});
