import { parseArgs } from 'node:util';
import type { ClassifiedMessage } from '../../shared/pipeline/classify.ts';
import {
  buildClassifier,
  type CommandIo,
  collectInputs,
  EXIT_INPUT,
  EXIT_OK,
  readInput,
  table,
  UsageError,
} from '../cli-support.ts';

export const CLASSIFY_USAGE =
  'caveat classify [--json] [--policy ID|FILE] [--contacts FILE.csv] [--partner DOMAIN]... <file.eml|dir>...';

/** One JSON Lines object per message: what `classify --json` prints. */
export function summarise(file: string, { decision, read }: ClassifiedMessage) {
  return {
    file,
    classification: decision.classification,
    action: decision.action,
    findings: decision.findings.map((f) => ({ type: f.type, count: f.count, masked: f.maskedSample })),
    rules: decision.rules.map((r) => r.id),
    records: decision.records,
    mask: decision.mask,
    sender: {
      trust: decision.sender.trust,
      ...(decision.sender.domain ? { domain: decision.sender.domain } : {}),
    },
    verdicts: decision.verdicts,
    policy: decision.policy,
    ...(read.readable
      ? { problems: read.mail.problems.map((p) => p.code) }
      : { unreadable: { reason: read.reason, detail: read.detail } }),
  };
}

export async function classifyCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      policy: { type: 'string' },
      contacts: { type: 'string' },
      partner: { type: 'string', multiple: true },
    },
  });
  if (positionals.length === 0) throw new UsageError('classify needs at least one message file or directory');

  const { classify } = await buildClassifier({
    ...(values.policy ? { policy: values.policy } : {}),
    ...(values.contacts ? { contacts: values.contacts } : {}),
    partners: values.partner ?? [],
  });
  const inputs = await collectInputs(positionals);
  if (inputs.length === 0)
    throw new UsageError(`no message files (.eml, .msg, .mime) found in ${positionals.join(', ')}`);

  let exit = EXIT_OK;
  const rows: string[][] = [];
  for (const input of inputs) {
    const read = await readInput(input);
    if ('error' in read) {
      io.err(`caveat: cannot read ${input.file}: ${read.error}`);
      exit = EXIT_INPUT;
      continue;
    }
    const summary = summarise(input.file, await classify(read.raw));
    if (values.json) io.out(JSON.stringify(summary));
    else
      rows.push([
        input.file,
        summary.classification,
        summary.action.toUpperCase(),
        summary.findings.map((f) => `${f.type}×${f.count}`).join(' ') || '-',
        summary.rules.join(' '),
      ]);
  }
  if (!values.json && rows.length > 0) {
    for (const line of table(['FILE', 'CLASSIFICATION', 'ACTION', 'FINDINGS', 'RULES'], rows)) io.out(line);
  }
  return exit;
}
