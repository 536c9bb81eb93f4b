/**
 * The digest function's settings, read from its environment; a wrong or missing value stops
 * the function at start-up with a message naming the variable.
 */
import * as z from 'zod/mini';
import '../../shared/validation/english-messages.ts';
import { AWS_CLIENT_SETTINGS, resourceName } from '../environment.ts';
import { parseEnvironment } from '../ingest/settings.ts';

const schema = z.object({
  CAVEAT_DECISIONS_TABLE: resourceName,
  CAVEAT_AUDIT_DIGEST_BUCKET: resourceName,
  /** Past days each run looks back over, so a missed run is caught up by the next. */
  CAVEAT_DIGEST_LOOKBACK_DAYS: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(366)), 7),
  ...AWS_CLIENT_SETTINGS,
});

export type DigestSettings = z.output<typeof schema>;

export function readDigestSettings(env: Readonly<Record<string, string | undefined>>): DigestSettings {
  return parseEnvironment('audit-digest', schema, env);
}
