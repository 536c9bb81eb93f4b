import type { FindingType } from '../detect/detection.ts';
import { evaluateCondition } from './conditions/evaluate.ts';
import type { Action, Classification, Decision, MessageFacts, RuleFired } from './decision.ts';
import type { PolicyPack, Rule } from './pack.ts';
import { assessSenderTrust } from './sender-trust.ts';

export interface DecideOptions {
  /** Trusted-partner domains from configuration, on top of the pack's own trusted domains. */
  readonly trustedPartners: readonly string[];
}

/** Thrown when a pack reaches the engine without a catch-all action rule (the schema prevents it). */
export class PolicyEvaluationError extends Error {
  override name = 'PolicyEvaluationError';
}

/**
 * Judges one message against one pack. Pure: the same facts and pack always give the same decision.
 *
 * 1. Sender trust from the domain lists and SES's DMARC result.
 * 2. Classification rules: any that match make the message OFFICIAL-SENSITIVE.
 * 3. Mask rules: every match adds finding types to mask in every copy kept or sent.
 * 4. Action rules, in the pack's precedence order: the first match decides.
 */
export function decide(facts: MessageFacts, pack: PolicyPack, options: DecideOptions): Decision {
  const trustedDomains = [...pack.trustedDomains.map((t) => t.domain), ...options.trustedPartners];
  const trust = assessSenderTrust(facts.sender, facts.verdicts, trustedDomains);
  const fired: RuleFired[] = [];

  let classification: Classification = 'OFFICIAL';
  for (const rule of rulesOf(pack, 'classify')) {
    const result = evaluateCondition(rule.when, { facts, trust });
    if (!result.matched) continue;
    fired.push(firing(rule, result.detail));
    if (rule.outcome.kind === 'classify' && rule.outcome.classification === 'OFFICIAL-SENSITIVE')
      classification = 'OFFICIAL-SENSITIVE';
  }

  const mask = new Set<FindingType>();
  for (const rule of rulesOf(pack, 'mask')) {
    const result = evaluateCondition(rule.when, { facts, trust, classification });
    if (!result.matched || rule.outcome.kind !== 'mask') continue;
    fired.push(firing(rule, result.detail));
    for (const type of rule.outcome.types) mask.add(type);
  }

  let action: Action | undefined;
  for (const rule of rulesOf(pack, 'action')) {
    const result = evaluateCondition(rule.when, { facts, trust, classification });
    if (!result.matched || rule.outcome.kind !== 'action') continue;
    fired.push(firing(rule, result.detail));
    action = rule.outcome.action;
    break;
  }
  if (action === undefined)
    throw new PolicyEvaluationError(`policy pack ${pack.id} has no action rule matching this message`);

  return {
    classification,
    action,
    findings: facts.findings,
    rules: fired,
    policy: { id: pack.id, version: pack.version },
    sender: {
      ...(facts.sender.address ? { address: facts.sender.address } : {}),
      ...(facts.sender.domain ? { domain: facts.sender.domain } : {}),
      trust,
    },
    verdicts: facts.verdicts,
    records: facts.records,
    mask: [...mask],
  };
}

function rulesOf(pack: PolicyPack, kind: Rule['outcome']['kind']): Rule[] {
  return pack.rules.filter((r) => r.outcome.kind === kind);
}

function firing(rule: Rule, detail: string | undefined): RuleFired {
  return {
    id: rule.id,
    paragraphs: rule.paragraphs,
    reason: rule.reason,
    effect: rule.outcome,
    ...(detail ? { detail } : {}),
  };
}
