/**
 * The retention sweep function's settings, read from its environment; a wrong or missing value
 * stops the function at start-up with a message naming the variable.
 */
import * as z from 'zod/mini';
import '../../shared/validation/english-messages.ts';
import { AWS_CLIENT_SETTINGS, positiveCount, resourceName } from '../environment.ts';
import { parseEnvironment } from '../ingest/settings.ts';

const schema = z.object({
  CAVEAT_MAIL_BUCKET: resourceName,
  CAVEAT_DECISIONS_TABLE: resourceName,
  CAVEAT_HOLDS_TABLE: resourceName,
  CAVEAT_PORTAL_LINKS_TABLE: resourceName,
  /** The shared mailboxes (comma-separated) whose holds and links are swept. */
  CAVEAT_MAILBOX_ADDRESSES: z.pipe(
    z.pipe(
      z._default(z.string(), ''),
      z.transform((list: string) =>
        list
          .split(',')
          .map((address) => address.trim().toLowerCase())
          .filter(Boolean),
      ),
    ),
    z.array(z.email()),
  ),
  CAVEAT_RAW_MAIL_DAYS: positiveCount(30),
  CAVEAT_QUARANTINE_DAYS: positiveCount(90),
  CAVEAT_CIPHERTEXT_DAYS: positiveCount(365),
  CAVEAT_REPORT_DAYS: positiveCount(400),
  CAVEAT_AUDIT_YEARS: positiveCount(6),
  ...AWS_CLIENT_SETTINGS,
});

export type RetentionSweepSettings = z.output<typeof schema>;

export function readRetentionSweepSettings(
  env: Readonly<Record<string, string | undefined>>,
): RetentionSweepSettings {
  return parseEnvironment('retention-sweep', schema, env);
}
