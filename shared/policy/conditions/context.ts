import type { Classification, MessageFacts, SenderTrust } from '../decision.ts';

/** What a condition is evaluated against: the message facts plus what the engine derived so far. */
export interface EvaluationContext {
  readonly facts: MessageFacts;
  readonly trust: SenderTrust;
  /** Known once classification rules have run; action rules may test it. */
  readonly classification?: Classification;
}

/** A condition's outcome, with the specifics in plain words (never personal data) when it matched. */
export interface ConditionResult {
  readonly matched: boolean;
  readonly detail?: string;
}

export const NO_MATCH: ConditionResult = { matched: false };

export function match(detail?: string): ConditionResult {
  return detail === undefined ? { matched: true } : { matched: true, detail };
}
