import type { Condition } from '../pack.ts';
import { type ConditionResult, type EvaluationContext, match, NO_MATCH } from './context.ts';
import { findingAny, findingOtherThan } from './findings.ts';
import {
  attachmentFlag,
  fromHeaderNotSingle,
  recordsOver,
  subjectMarking,
  unreadable,
  verdictIn,
} from './message.ts';
import { classification, senderTrust } from './sender.ts';

/** Evaluates one condition of the pack vocabulary; details of matched parts are joined with `; `. */
export function evaluateCondition(condition: Condition, ctx: EvaluationContext): ConditionResult {
  if ('always' in condition) return match();
  if ('unreadable' in condition) return unreadable(ctx);
  if ('fromHeaderNotSingle' in condition) return fromHeaderNotSingle(ctx);
  if ('verdict' in condition) return verdictIn(ctx, condition.verdict.check, condition.verdict.in);
  if ('attachmentFlag' in condition) return attachmentFlag(ctx, condition.attachmentFlag);
  if ('senderTrust' in condition) return senderTrust(ctx, condition.senderTrust);
  if ('subjectMarking' in condition) return subjectMarking(ctx, condition.subjectMarking);
  if ('recordsOver' in condition) return recordsOver(ctx, condition.recordsOver);
  if ('findingAny' in condition) return findingAny(ctx, condition.findingAny);
  if ('findingOtherThan' in condition) return findingOtherThan(ctx, condition.findingOtherThan);
  if ('classification' in condition) return classification(ctx, condition.classification);
  if ('all' in condition) {
    const details: string[] = [];
    for (const part of condition.all) {
      const result = evaluateCondition(part, ctx);
      if (!result.matched) return NO_MATCH;
      if (result.detail) details.push(result.detail);
    }
    return match(details.length > 0 ? details.join('; ') : undefined);
  }
  if ('any' in condition) {
    const details: string[] = [];
    for (const part of condition.any) {
      const result = evaluateCondition(part, ctx);
      if (result.matched && result.detail) details.push(result.detail);
      else if (result.matched) details.push('');
    }
    if (details.length === 0) return NO_MATCH;
    const said = details.filter(Boolean);
    return match(said.length > 0 ? said.join('; ') : undefined);
  }
  if ('not' in condition) return evaluateCondition(condition.not, ctx).matched ? NO_MATCH : match();
  return unknownCondition(condition);
}

function unknownCondition(condition: never): never {
  throw new TypeError(`unknown policy condition: ${JSON.stringify(condition)}`);
}
