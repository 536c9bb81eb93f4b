/**
 * The retention sweep function's settings, read from its environment; a wrong or missing value
 * stops the function at start-up with a message naming the variable.
 */
import * as z from 'zod/mini';
import '../../shared/validation/english-messages.ts';
import { AWS_CLIENT_SETTINGS } from '../environment.ts';
import { parseEnvironment } from '../ingest/settings.ts';

const days = (fallback: number) => z._default(z.coerce.number().check(z.int(), z.positive()), fallback);
const name = z.string().check(z.minLength(3));

const schema = z.object({
  CAVEAT_MAIL_BUCKET: name,
  CAVEAT_DECISIONS_TABLE: name,
  CAVEAT_HOLDS_TABLE: name,
  CAVEAT_PORTAL_LINKS_TABLE: name,
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
  CAVEAT_RAW_MAIL_DAYS: days(30),
  CAVEAT_QUARANTINE_DAYS: days(90),
  CAVEAT_CIPHERTEXT_DAYS: days(365),
  CAVEAT_REPORT_DAYS: days(400),
  CAVEAT_AUDIT_YEARS: days(6),
  ...AWS_CLIENT_SETTINGS,
});

export type RetentionSweepSettings = z.output<typeof schema>;

export function readRetentionSweepSettings(
  env: Readonly<Record<string, string | undefined>>,
): RetentionSweepSettings {
  return parseEnvironment('retention-sweep', schema, env);
}
