/**
 * Validates a policy pack, built-in or a candidate JSON file, so a broken pack fails loudly with
 * the field named (`rules[4].when.findingAny[1]: …`) instead of deciding mail wrongly.
 */

import * as z from 'zod/mini';
import { FINDING_TYPES } from '../detect/detection.ts';
import { AUTH_RESULTS, SCAN_VERDICTS } from '../mail/inbound-mail.ts';
import '../validation/english-messages.ts';
import type { Action } from './decision.ts';
import type { Condition, PolicyPack, Rule } from './pack.ts';

/** Thrown for a pack that cannot be loaded or is not valid; the message names the pack and field. */
export class PolicyPackError extends Error {
  override name = 'PolicyPackError';
}

const ATTACHMENT_FLAGS = [
  'executable',
  'encrypted-archive',
  'nested-archive',
  'contents-not-scanned',
  'extraction-failed',
  'text-truncated',
] as const;
const VERDICT_VALUES = [...SCAN_VERDICTS, 'UNKNOWN', ...AUTH_RESULTS, 'unknown'] as const;
const SENDER_TRUST = ['trusted', 'spoofed-trusted', 'verified-citizen', 'unverified'] as const;
const ACTIONS = ['quarantine', 'hold', 'protect', 'deliver'] as const;

/** Action precedence: an earlier action always outranks a later one. */
export const ACTION_PRECEDENCE: readonly Action[] = ACTIONS;

const findingType = z.enum(FINDING_TYPES);
const nonEmpty = <T extends z.ZodMiniType>(item: T) => z.array(item).check(z.minLength(1));
/** Trimmed text of at least `min` characters. */
const trimmed = (min: number) => z.string().check(z.trim(), z.minLength(min));

const conditionSchema: z.ZodMiniType<Condition> = z.lazy(() =>
  z.union([
    z.strictObject({ always: z.literal(true) }),
    z.strictObject({ unreadable: z.literal(true) }),
    z.strictObject({ fromHeaderNotSingle: z.literal(true) }),
    z.strictObject({
      verdict: z.strictObject({
        check: z.enum(['spam', 'virus', 'spf', 'dkim', 'dmarc']),
        in: nonEmpty(z.enum(VERDICT_VALUES)),
      }),
    }),
    z.strictObject({ attachmentFlag: nonEmpty(z.enum(ATTACHMENT_FLAGS)) }),
    z.strictObject({ senderTrust: nonEmpty(z.enum(SENDER_TRUST)) }),
    z.strictObject({ subjectMarking: nonEmpty(trimmed(2)) }),
    z.strictObject({ recordsOver: z.number().check(z.int(), z.nonnegative()) }),
    z.strictObject({ findingAny: nonEmpty(findingType) }),
    z.strictObject({ findingOtherThan: z.array(findingType) }),
    z.strictObject({ classification: z.enum(['OFFICIAL', 'OFFICIAL-SENSITIVE']) }),
    z.strictObject({ all: nonEmpty(conditionSchema) }),
    z.strictObject({ any: nonEmpty(conditionSchema) }),
    z.strictObject({ not: conditionSchema }),
  ]),
);

const effectSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('classify'), classification: z.literal('OFFICIAL-SENSITIVE') }),
  z.strictObject({ kind: z.literal('action'), action: z.enum(ACTIONS) }),
  z.strictObject({ kind: z.literal('mask'), types: nonEmpty(findingType) }),
]);

const ruleSchema = z.strictObject({
  id: z
    .string()
    .check(
      z.regex(/^[A-Z][A-Z0-9.-]*[A-Z0-9]$/, 'rule ids are upper case letters, digits, dots and hyphens'),
    ),
  paragraphs: nonEmpty(trimmed(3)),
  reason: trimmed(10),
  when: conditionSchema,
  outcome: effectSchema,
});

const domainSchema = z
  .string()
  .check(
    z.trim(),
    z.toLowerCase(),
    z.regex(/^(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))+$/, 'Invalid domain name'),
  );

const packSchema = z.strictObject({
  id: z.string().check(z.regex(/^[a-z][a-z0-9-]*$/, 'pack ids are lower case letters, digits and hyphens')),
  version: trimmed(1),
  title: trimmed(1),
  source: trimmed(1),
  trustedDomains: z.array(z.strictObject({ domain: domainSchema, reason: trimmed(10) })),
  rules: nonEmpty(ruleSchema),
});

/** Parses and checks a pack; throws PolicyPackError naming every problem with its field path. */
export function validatePack(input: unknown, origin: string): PolicyPack {
  const parsed = packSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);
    throw new PolicyPackError(`policy pack ${origin}: ${lines.join('; ')}`);
  }
  const pack = parsed.data as PolicyPack;
  const problems = semanticProblems(pack);
  if (problems.length > 0) throw new PolicyPackError(`policy pack ${origin}: ${problems.join('; ')}`);
  return pack;
}

/** Rules the schema cannot express: unique ids, precedence order, a catch-all, phase-safe tests. */
export function semanticProblems(pack: PolicyPack): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  pack.rules.forEach((rule, i) => {
    if (seen.has(rule.id)) problems.push(`rules[${i}].id: duplicate rule id ${rule.id}`);
    seen.add(rule.id);
    if (rule.outcome.kind !== 'action' && testsClassification(rule.when))
      problems.push(
        `rules[${i}].when: only action rules may test the classification (${rule.id} runs before it is known)`,
      );
  });
  const actions = pack.rules
    .map((rule, index) => ({ rule, index }))
    .filter(
      (r): r is { rule: Rule & { outcome: { kind: 'action'; action: Action } }; index: number } =>
        r.rule.outcome.kind === 'action',
    );
  for (let k = 1; k < actions.length; k++) {
    const prev = actions[k - 1];
    const cur = actions[k];
    if (!prev || !cur) continue;
    if (
      ACTION_PRECEDENCE.indexOf(cur.rule.outcome.action) < ACTION_PRECEDENCE.indexOf(prev.rule.outcome.action)
    )
      problems.push(
        `rules[${cur.index}]: ${cur.rule.outcome.action} rule ${cur.rule.id} comes after ${prev.rule.outcome.action} rule ${prev.rule.id}; action rules must be ordered ${ACTION_PRECEDENCE.join(' > ')}`,
      );
  }
  const last = actions.at(-1);
  if (!last) problems.push('rules: no action rule (the last action rule must match every message)');
  else if (!('always' in last.rule.when))
    problems.push(
      `rules[${last.index}].when: the last action rule (${last.rule.id}) must be a catch-all ({ "always": true })`,
    );
  return problems;
}

function testsClassification(condition: Condition): boolean {
  if ('classification' in condition) return true;
  if ('all' in condition) return condition.all.some(testsClassification);
  if ('any' in condition) return condition.any.some(testsClassification);
  if ('not' in condition) return testsClassification(condition.not);
  return false;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(pack)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`))
    .join('');
}
