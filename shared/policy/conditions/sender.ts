import type { Classification, SenderTrust } from '../decision.ts';
import { type ConditionResult, type EvaluationContext, match, NO_MATCH } from './context.ts';

export function senderTrust(ctx: EvaluationContext, trusts: readonly SenderTrust[]): ConditionResult {
  if (!trusts.includes(ctx.trust)) return NO_MATCH;
  const domain = ctx.facts.sender.domain;
  const dmarc = ctx.facts.verdicts.dmarc;
  return match(`sender ${domain ?? '(none)'} is ${ctx.trust}, DMARC ${dmarc}`);
}

export function classification(ctx: EvaluationContext, wanted: Classification): ConditionResult {
  return ctx.classification === wanted ? match(`classified ${wanted}`) : NO_MATCH;
}
