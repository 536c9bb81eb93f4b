import type * as z from 'zod/mini';
import { MalformedReportError } from './report-error.ts';

/** Parses with a schema; a mismatch becomes a MalformedReportError naming up to three fields. */
export function parseWith<T extends z.ZodMiniType>(kind: string, schema: T, value: unknown): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  const more = result.error.issues.length > 3 ? ` (and ${result.error.issues.length - 3} more)` : '';
  throw new MalformedReportError(`${kind}: ${issues.join('; ')}${more}`);
}
