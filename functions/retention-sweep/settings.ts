/**
 * The retention sweep function's settings, read from its environment; a wrong or missing value
 * stops the function at start-up with a message naming the variable.
 */
import * as z from 'zod';
import { AWS_CLIENT_SETTINGS } from '../environment.ts';
import { parseEnvironment } from '../ingest/settings.ts';

const days = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const schema = z.object({
  CAVEAT_MAIL_BUCKET: z.string().min(3),
  CAVEAT_DECISIONS_TABLE: z.string().min(3),
  CAVEAT_HOLDS_TABLE: z.string().min(3),
  CAVEAT_PORTAL_LINKS_TABLE: z.string().min(3),
  /** The shared mailboxes (comma-separated) whose holds and links are swept. */
  CAVEAT_MAILBOX_ADDRESSES: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((address) => address.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.email())),
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
