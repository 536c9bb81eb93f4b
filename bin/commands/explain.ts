import { parseArgs } from 'node:util';
import type { ClassifiedMessage } from '../../shared/pipeline/classify.ts';
import type { RuleEffect } from '../../shared/policy/decision.ts';
import {
  buildClassifier,
  type CommandIo,
  EXIT_INPUT,
  EXIT_OK,
  readInput,
  UsageError,
} from '../cli-support.ts';

export const EXPLAIN_USAGE =
  'caveat explain [--policy ID|FILE] [--contacts FILE.csv] [--partner DOMAIN]... <file.eml>';

const TRUST_WORDS = {
  trusted: 'trusted: a secure or partner domain, and DMARC passed',
  'spoofed-trusted': 'SPOOFED: the From domain looks trusted but DMARC did not pass',
  'verified-citizen': 'verified citizen: a validated contact point, and DMARC passed',
  unverified: 'unverified: neither a trusted domain nor a validated contact point with DMARC pass',
} as const;

function effectWords(effect: RuleEffect): string {
  switch (effect.kind) {
    case 'classify':
      return `classify as ${effect.classification}`;
    case 'action':
      return effect.action;
    case 'mask':
      return `mask ${effect.types.join(', ')}`;
  }
}

/** The decision in plain words: every rule with its paragraph and reason, every finding with why. */
export function explainLines(file: string, { decision, read }: ClassifiedMessage): string[] {
  const lines = [
    `Message:        ${file}`,
    `Decision:       ${decision.action.toUpperCase()} as ${decision.classification}`,
    `Policy:         ${decision.policy.id} version ${decision.policy.version}`,
    `Sender:         ${decision.sender.domain ? `${decision.sender.domain} — ` : ''}${TRUST_WORDS[decision.sender.trust]}`,
    `SES verdicts:   spam ${decision.verdicts.spam}, virus ${decision.verdicts.virus}, SPF ${decision.verdicts.spf}, DKIM ${decision.verdicts.dkim}, DMARC ${decision.verdicts.dmarc}`,
    `Records:        ${decision.records}`,
  ];
  if (!read.readable) lines.push(`Unreadable:     ${read.reason} — ${read.detail}`);
  else if (read.mail.problems.length > 0) {
    lines.push('Problems:');
    for (const p of read.mail.problems) lines.push(`  - ${p.code}: ${p.detail}`);
  }
  lines.push('', 'Rules fired (in order of evaluation):');
  for (const rule of decision.rules) {
    lines.push(`  ${rule.id} → ${effectWords(rule.effect)}`);
    lines.push(`      ${rule.paragraphs.join('; ')}`);
    lines.push(`      ${rule.reason}${rule.detail ? ` (${rule.detail})` : ''}`);
  }
  lines.push('', decision.findings.length === 0 ? 'Personal data found: none' : 'Personal data found:');
  for (const finding of decision.findings) {
    lines.push(
      `  ${finding.type} ×${finding.count} (${finding.distinct} distinct), e.g. ${finding.maskedSample}, confidence ${finding.confidence.toFixed(2)}, in ${finding.locations.join(', ')}`,
    );
    for (const why of finding.explanations) {
      lines.push(
        `      ${why.detector} / ${why.pattern}, validation ${why.validation}${why.context ? `, context "${why.context}"` : ''}`,
      );
    }
  }
  if (decision.mask.length > 0)
    lines.push('', `Masked in every copy kept or sent: ${decision.mask.join(', ')}`);
  return lines;
}

export async function explainCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      policy: { type: 'string' },
      contacts: { type: 'string' },
      partner: { type: 'string', multiple: true },
    },
  });
  if (positionals.length !== 1 || positionals[0] === undefined)
    throw new UsageError('explain takes exactly one message file');
  const file = positionals[0];
  const { classify } = await buildClassifier({
    ...(values.policy ? { policy: values.policy } : {}),
    ...(values.contacts ? { contacts: values.contacts } : {}),
    partners: values.partner ?? [],
  });
  const read = await readInput({ file });
  if ('error' in read) {
    io.err(`caveat: cannot read ${file}: ${read.error}`);
    return EXIT_INPUT;
  }
  for (const line of explainLines(file, await classify(read.raw))) io.out(line);
  return EXIT_OK;
}
