import type { AttachmentFlag } from '../../mail/inbound-mail.ts';
import type { VerdictCheck } from '../pack.ts';
import { findMarking } from '../subject-marking.ts';
import { type ConditionResult, type EvaluationContext, match, NO_MATCH } from './context.ts';

/** The message could not be read safely (MIME bomb, truncation, not MIME at all). */
export function unreadable(ctx: EvaluationContext): ConditionResult {
  const u = ctx.facts.unreadable;
  return u ? match(`${u.reason}: ${u.detail}`) : NO_MATCH;
}

/**
 * Not exactly one From header. SES's DMARC check and a parser could each pick a different sender,
 * so no trust decision can be made.
 */
export function fromHeaderNotSingle(ctx: EvaluationContext): ConditionResult {
  if (ctx.facts.unreadable) return NO_MATCH;
  const n = ctx.facts.sender.fromHeaderCount;
  const addressed = ctx.facts.sender.address !== undefined;
  if (n === 1 && addressed) return NO_MATCH;
  return match(n === 1 ? 'the From header holds no single address' : `${n} From headers`);
}

export function verdictIn(
  ctx: EvaluationContext,
  check: VerdictCheck,
  values: readonly string[],
): ConditionResult {
  const value = ctx.facts.verdicts[check];
  return values.includes(value) ? match(`SES ${check} verdict ${value}`) : NO_MATCH;
}

export function attachmentFlag(ctx: EvaluationContext, flags: readonly AttachmentFlag[]): ConditionResult {
  const hits = ctx.facts.attachments.filter((a) => a.flags.some((f) => flags.includes(f)));
  if (hits.length === 0) return NO_MATCH;
  const described = hits.map((a) => {
    const which = a.flags.filter((f) => flags.includes(f)).join('+');
    return `${a.filename ?? 'unnamed attachment'} (${which}, ${a.detectedType})`;
  });
  return match(described.join('; '));
}

export function subjectMarking(ctx: EvaluationContext, markings: readonly string[]): ConditionResult {
  const found = findMarking(ctx.facts.subject, markings);
  return found ? match(`subject marked ${found}`) : NO_MATCH;
}

export function recordsOver(ctx: EvaluationContext, threshold: number): ConditionResult {
  const n = ctx.facts.records;
  return n > threshold ? match(`${n} records, more than ${threshold}`) : NO_MATCH;
}
