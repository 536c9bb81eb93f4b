import { parseArgs } from 'node:util';
import type { Decision } from '../../shared/policy/decision.ts';
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

export const POLICY_DIFF_USAGE =
  'caveat policy diff [--json] --from <pack> --to <pack|FILE.json> [--contacts FILE.csv] [--partner DOMAIN]... <file.eml|dir>...';

export interface DecisionChange {
  readonly file: string;
  readonly from: { classification: string; action: string; rules: string[] };
  readonly to: { classification: string; action: string; rules: string[] };
  readonly rulesAdded: string[];
  readonly rulesRemoved: string[];
  /** True when the classification or action changes, not only which rules fired. */
  readonly outcomeChanged: boolean;
  /** The rules newly fired under the candidate, with their paragraphs and specifics: the why. */
  readonly because: string[];
}

/** What changed between two decisions on the same message; undefined when nothing did. */
export function compareDecisions(
  file: string,
  before: Decision,
  after: Decision,
): DecisionChange | undefined {
  const rulesBefore = before.rules.map((r) => r.id);
  const rulesAfter = after.rules.map((r) => r.id);
  const rulesAdded = rulesAfter.filter((id) => !rulesBefore.includes(id));
  const rulesRemoved = rulesBefore.filter((id) => !rulesAfter.includes(id));
  const same =
    before.classification === after.classification &&
    before.action === after.action &&
    rulesAdded.length === 0 &&
    rulesRemoved.length === 0;
  if (same) return undefined;
  const because = after.rules
    .filter((r) => rulesAdded.includes(r.id))
    .map((r) => `${r.id} (${r.paragraphs.join('; ')})${r.detail ? `: ${r.detail}` : ''}`);
  return {
    file,
    from: { classification: before.classification, action: before.action, rules: rulesBefore },
    to: { classification: after.classification, action: after.action, rules: rulesAfter },
    rulesAdded,
    rulesRemoved,
    outcomeChanged: before.classification !== after.classification || before.action !== after.action,
    because,
  };
}

/** Replays a candidate policy over a folder of messages and shows which decisions change, and why. */
export async function policyCommand(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'diff') throw new UsageError(`unknown policy subcommand "${sub ?? ''}" (expected: diff)`);
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      from: { type: 'string' },
      to: { type: 'string' },
      contacts: { type: 'string' },
      partner: { type: 'string', multiple: true },
    },
  });
  if (!values.from || !values.to) throw new UsageError('policy diff needs both --from and --to');
  if (positionals.length === 0)
    throw new UsageError('policy diff needs a message file or directory to replay');
  const shared = {
    ...(values.contacts ? { contacts: values.contacts } : {}),
    partners: values.partner ?? [],
  };
  const before = await buildClassifier({ ...shared, policy: values.from });
  const after = await buildClassifier({ ...shared, policy: values.to });

  let exit = EXIT_OK;
  let total = 0;
  const changes: DecisionChange[] = [];
  for (const input of await collectInputs(positionals)) {
    const read = await readInput(input);
    if ('error' in read) {
      io.err(`caveat: cannot read ${input.file}: ${read.error}`);
      exit = EXIT_INPUT;
      continue;
    }
    total += 1;
    const [a, b] = [await before.classify(read.raw), await after.classify(read.raw)];
    const change = compareDecisions(input.file, a.decision, b.decision);
    if (change) changes.push(change);
  }

  const label = (p: { id: string; version: string }) => `${p.id}@${p.version}`;
  if (values.json) {
    for (const change of changes) io.out(JSON.stringify(change));
    io.out(
      JSON.stringify({
        summary: {
          messages: total,
          changed: changes.length,
          outcomeChanged: changes.filter((c) => c.outcomeChanged).length,
          from: label(before.pack),
          to: label(after.pack),
        },
      }),
    );
    return exit;
  }
  const outcomes = changes.filter((c) => c.outcomeChanged);
  io.out(
    `Replayed ${total} message(s): ${label(before.pack)} → ${label(after.pack)}; ` +
      `${outcomes.length} outcome(s) change, ${changes.length - outcomes.length} change only the rules that fired.`,
  );
  if (changes.length > 0) {
    // Outcome changes first: they are what a reviewer must judge.
    const ordered = [...outcomes, ...changes.filter((c) => !c.outcomeChanged)];
    const rows = ordered.map((c) => [
      c.file,
      `${c.from.action.toUpperCase()} ${c.from.classification}`,
      `${c.to.action.toUpperCase()} ${c.to.classification}`,
      [...c.rulesAdded.map((id) => `+${id}`), ...c.rulesRemoved.map((id) => `-${id}`)].join(' ') ||
        '(same rules)',
    ]);
    io.out('');
    for (const line of table(['FILE', 'BEFORE', 'AFTER', 'RULES'], rows)) io.out(line);
  }
  if (outcomes.length > 0) {
    io.out('');
    io.out('Why the outcomes change:');
    for (const c of outcomes) {
      io.out(`  ${c.file}`);
      for (const why of c.because) io.out(`    + ${why}`);
      for (const id of c.rulesRemoved) io.out(`    - ${id} no longer fires`);
    }
  }
  return exit;
}
