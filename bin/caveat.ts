#!/usr/bin/env node
/** The `caveat` command line: argument parsing and output only; the work is done in shared/. */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../infra/config.ts';
import { ContactsFileError } from '../shared/adapters/csv-contact-register.ts';
import { PolicyPackError } from '../shared/policy/pack-schema.ts';
import { CONNECTION_HELP } from './audit-connection.ts';
import { type CommandIo, EXIT_INPUT, EXIT_USAGE, UsageError } from './cli-support.ts';
import { AUDIT_USAGES, auditCommand } from './commands/audit.ts';
import { CLASSIFY_USAGE, classifyCommand } from './commands/classify.ts';
import { CONTACTS_USAGE, contactsCommand } from './commands/contacts.ts';
import { DETECT_USAGE, detectCommand } from './commands/detect.ts';
import { DOMAIN_RECORDS_USAGE, DOMAIN_USAGE, domainCommand } from './commands/domain.ts';
import { EXPLAIN_USAGE, explainCommand } from './commands/explain.ts';
import { POLICY_DIFF_USAGE, policyCommand } from './commands/policy-diff.ts';
import { RETENTION_SWEEP_USAGE, retentionCommand } from './commands/retention.ts';

const USAGE = [
  'Usage:',
  `  ${CLASSIFY_USAGE}`,
  `  ${CONTACTS_USAGE}`,
  `  ${DETECT_USAGE}`,
  `  ${DOMAIN_USAGE}`,
  `  ${DOMAIN_RECORDS_USAGE}`,
  `  ${EXPLAIN_USAGE}`,
  `  ${POLICY_DIFF_USAGE}`,
  ...AUDIT_USAGES.map((usage) => `  ${usage}`),
  `  ${RETENTION_SWEEP_USAGE}`,
  `  ${CONNECTION_HELP}`,
  '',
  'Exit codes: 0 every input decided, 1 an input could not be read, 2 usage error,',
  '3 a check found a problem (domain check: a failure; audit verify: an entry altered, inserted or removed).',
].join('\n');

const COMMANDS: Record<string, (args: string[], io: CommandIo) => Promise<number>> = {
  audit: (args, io) => auditCommand(args, io),
  classify: classifyCommand,
  contacts: contactsCommand(),
  detect: detectCommand,
  domain: domainCommand(),
  explain: explainCommand,
  policy: policyCommand,
  retention: (args, io) => retentionCommand(args, io),
};

/** Runs one CLI invocation; returns the exit code. Exported for tests. */
export async function runCli(argv: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...args] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    io.out(USAGE);
    return command === undefined ? EXIT_USAGE : 0;
  }
  if (command === '--version') {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    io.out(pkg.version);
    return 0;
  }
  const run = COMMANDS[command];
  try {
    if (!run) throw new UsageError(`unknown command "${command}"`);
    return await run([...args], io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`caveat: ${(error as Error).message}`);
      io.err(USAGE);
      return EXIT_USAGE;
    }
    if (
      error instanceof PolicyPackError ||
      error instanceof ContactsFileError ||
      error instanceof ConfigError
    ) {
      // A broken policy pack or contacts file: the message names the file and the field.
      io.err(`caveat: ${error.message}`);
      return EXIT_USAGE;
    }
    io.err(`caveat: unexpected failure: ${(error as Error).message}`);
    return EXIT_INPUT;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

if (import.meta.main) {
  const io: CommandIo = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    stdin: readStdin,
  };
  process.exitCode = await runCli(process.argv.slice(2), io);
}
