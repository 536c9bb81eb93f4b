import { resolve as resolveDns } from 'node:dns/promises';
import { parseArgs } from 'node:util';
import { httpsPolicyFetcher } from '../../shared/adapters/https-policy-fetcher.ts';
import {
  type CheckStatus,
  checkDomain,
  type DomainCheckDependencies,
  type DomainCheckReport,
} from '../../shared/domain/check-domain.ts';
import { type CommandIo, EXIT_OK, UsageError } from '../cli-support.ts';

export const DOMAIN_USAGE = 'caveat domain check [--json] <domain>';

/** Exit code of a check that found a failure (warnings alone exit 0). */
export const EXIT_DOMAIN_FAILS = 3;

const MARK: Record<CheckStatus, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL' };

const LABELS: Record<string, string> = {
  mx: 'MX',
  spf: 'SPF',
  dmarc: 'DMARC',
  'mta-sts': 'MTA-STS',
  'tls-rpt': 'TLS-RPT',
};

/** Plain-text rendering: one block per record with its findings and their fixes. */
export function renderDomainReport(report: DomainCheckReport): string[] {
  const lines = [`${report.domain}: ${MARK[report.status]}`];
  for (const check of report.checks) {
    lines.push('', `${MARK[check.status]}  ${LABELS[check.id] ?? check.id}  ${check.name}`);
    for (const record of check.found) lines.push(`      found: ${record}`);
    for (const finding of check.findings) {
      lines.push(`      ${finding.status}: ${finding.message}`);
      if (finding.fix) lines.push(`      fix: ${finding.fix}`);
    }
  }
  return lines;
}

/** `caveat domain check`: DNS and HTTPS come from `deps` (tests pass recorded answers). */
export function domainCommand(deps?: Partial<DomainCheckDependencies>) {
  return async (args: string[], io: CommandIo): Promise<number> => {
    const [sub, ...rest] = args;
    if (sub !== 'check') throw new UsageError(`unknown domain subcommand "${sub ?? ''}" (expected: check)`);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean', default: false } },
    });
    if (positionals.length !== 1) throw new UsageError('domain check needs exactly one domain');
    const domain = positionals[0] ?? '';
    if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}\.?$/i.test(domain)) {
      throw new UsageError(`"${domain}" is not a domain name`);
    }
    const report = await checkDomain(domain, {
      resolver: deps?.resolver ?? resolveDns,
      fetchPolicy: deps?.fetchPolicy ?? httpsPolicyFetcher(),
    });
    if (values.json) io.out(JSON.stringify(report));
    else for (const line of renderDomainReport(report)) io.out(line);
    return report.status === 'fail' ? EXIT_DOMAIN_FAILS : EXIT_OK;
  };
}
