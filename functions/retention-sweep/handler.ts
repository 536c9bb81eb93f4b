/**
 * The retention sweep Lambda, run daily by an EventBridge schedule: deletes what is past its
 * retention, each deletion recorded first. Logs counts only, never keys or addresses.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Clock } from '../../shared/pipeline/ports.ts';
import { failedDeletions, type SweepOptions, type SweepReport } from '../../shared/retention/sweep.ts';

export interface RetentionSweepHandlerDependencies {
  readonly sweep: (options: SweepOptions) => Promise<SweepReport>;
  readonly clock: Clock;
  readonly logger: Pick<Logger, 'info' | 'error'>;
}

/** Some deletions failed; the run's other deletions stand and the next run retries these. */
export class RetentionSweepIncompleteError extends Error {
  override readonly name = 'RetentionSweepIncompleteError';
}

export function createRetentionSweepHandler(deps: RetentionSweepHandlerDependencies) {
  return async (): Promise<SweepReport> => {
    const report = await deps.sweep({ now: deps.clock.now() });
    const failed = failedDeletions(report);
    const summary = {
      targets: report.targets,
      recorded: report.recorded,
      alreadyRecorded: report.alreadyRecorded,
    };
    if (failed > 0) {
      deps.logger.error('retention sweep incomplete', { ...summary, failed, failures: report.failures });
      // Failing the invocation shows on the function's error metric and alarm.
      throw new RetentionSweepIncompleteError(`${failed} deletions failed; the next run retries them`);
    }
    deps.logger.info('retention sweep done', summary);
    return report;
  };
}
