/**
 * The audit digest Lambda, run daily by an EventBridge schedule: seals the past days' audit
 * chains and writes their digests to the Object Lock bucket. Logs chain counts only.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { daysBetween } from '../../shared/audit/chain.ts';
import type { DigestRun } from '../../shared/audit/digest.ts';
import type { Clock } from '../../shared/pipeline/ports.ts';

export interface DigestHandlerDependencies {
  readonly digest: (days: readonly string[]) => Promise<DigestRun>;
  readonly clock: Clock;
  readonly lookbackDays: number;
  readonly logger: Pick<Logger, 'info'>;
}

/** The days before today a run covers: `lookbackDays` of them, ending yesterday (UTC). */
export function daysToDigest(now: Date, lookbackDays: number): string[] {
  const day = (offset: number) => {
    const date = new Date(now);
    date.setUTCDate(date.getUTCDate() - offset);
    return date.toISOString().slice(0, 10);
  };
  return daysBetween(day(lookbackDays), day(1));
}

export function createDigestHandler(deps: DigestHandlerDependencies) {
  return async (): Promise<{ digested: number; skipped: number }> => {
    const days = daysToDigest(deps.clock.now(), deps.lookbackDays);
    const run = await deps.digest(days);
    const summary = { digested: run.digested.length, skipped: run.skipped.length };
    deps.logger.info('audit digests written', { ...summary, from: days[0], to: days.at(-1) });
    return summary;
  };
}
