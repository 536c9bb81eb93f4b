import type { FindingType } from '../../detect/detection.ts';
import { type ConditionResult, type EvaluationContext, match, NO_MATCH } from './context.ts';

/** Any finding of the listed types. */
export function findingAny(ctx: EvaluationContext, types: readonly FindingType[]): ConditionResult {
  const hits = ctx.facts.findings.filter((f) => types.includes(f.type));
  return hits.length > 0 ? match(describe(hits)) : NO_MATCH;
}

/** Any finding of a type not listed: "personal data other than email addresses". */
export function findingOtherThan(ctx: EvaluationContext, types: readonly FindingType[]): ConditionResult {
  const hits = ctx.facts.findings.filter((f) => !types.includes(f.type));
  return hits.length > 0 ? match(describe(hits)) : NO_MATCH;
}

function describe(hits: readonly { type: FindingType; count: number }[]): string {
  return `found ${hits.map((f) => `${f.type} ×${f.count}`).join(', ')}`;
}
