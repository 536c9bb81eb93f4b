import { resolve as resolveDns } from 'node:dns/promises';
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { domainRecordsOf, parseConfig } from '../../infra/config.ts';
import { httpsPolicyFetcher } from '../../shared/adapters/https-policy-fetcher.ts';
import {
  type CheckStatus,
  checkDomain,
  type DomainCheckDependencies,
  type DomainCheckReport,
} from '../../shared/domain/check-domain.ts';
import { describeRecord } from '../../shared/domain/receiving-records.ts';
import { type CommandIo, describeFsError, EXIT_OK, UsageError } from '../cli-support.ts';

export const DOMAIN_USAGE = 'caveat domain check [--json] <domain>';
export const DOMAIN_RECORDS_USAGE = 'caveat domain records [--json] [--config FILE.json]';

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
    if (sub === 'records') return recordsCommand(rest, io);
    if (sub !== 'check') {
      throw new UsageError(`unknown domain subcommand "${sub ?? ''}" (expected: check, records)`);
    }
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

/**
 * `caveat domain records`: the records a deployment publishes, from the configuration `cdk synth`
 * reads (the `caveat` context of ./cdk.json, or a config file), for zones Caveat does not manage.
 */
async function recordsCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, config: { type: 'string' } },
  });
  if (positionals.length > 0) throw new UsageError('domain records takes no arguments');
  const file = values.config ?? 'cdk.json';
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UsageError(
      `--config ${file}: ${error instanceof SyntaxError ? 'not valid JSON' : describeFsError(error)}`,
    );
  }
  const fromCdkJson = values.config === undefined;
  const config = parseConfig(fromCdkJson ? (raw as { context?: { caveat?: unknown } }).context?.caveat : raw);
  const records = domainRecordsOf(config);
  if (values.json) {
    io.out(JSON.stringify({ domain: config.receivingDomain, ...records }));
    return EXIT_OK;
  }
  io.out(`Records for ${config.receivingDomain}:`);
  for (const record of records.records) io.out(`  ${describeRecord(record)}`);
  io.out(`  CNAME ${records.mtaStsHost} <an HTTPS host with a certificate for ${records.mtaStsHost}>`);
  io.out('  DKIM: the three CNAMEs SES gives for the domain identity (Easy DKIM)');
  io.out('');
  io.out(`Serve as text/plain at https://${records.mtaStsHost}/.well-known/mta-sts.txt:`);
  for (const line of records.mtaStsPolicy.trimEnd().split('\r\n')) io.out(`  ${line}`);
  return EXIT_OK;
}
