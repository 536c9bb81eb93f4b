/**
 * What every function's settings share: reading an environment against a zod schema with a
 * message naming each wrong variable, and the value shapes several functions use.
 */
import * as z from 'zod/mini';
import '../shared/validation/english-messages.ts';

/** Adds a custom issue from inside a transform (zod/mini's transforms get the parse payload). */
export function transformIssue(ctx: z.core.ParsePayload, message: string): typeof z.NEVER {
  ctx.issues.push({ code: 'custom', message, input: ctx.value });
  return z.NEVER;
}

/** A variable holding JSON, parsed before its own schema applies. */
export const jsonVariable = z.pipe(
  z.string(),
  z.transform((text: string, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return transformIssue(ctx, 'is not valid JSON');
    }
  }),
);

/** `true` or `false` (default false), as a boolean. */
export const booleanFlag = z.pipe(
  z._default(z.enum(['true', 'false']), 'false'),
  z.transform((v: 'true' | 'false') => v === 'true'),
);

/** A bucket, table or queue name. */
export const resourceName = z.string().check(z.minLength(3));
/** Any non-empty value. */
export const nonEmpty = z.string().check(z.minLength(1));
/** An AWS resource ARN. */
export const arn = z.string().check(z.startsWith('arn:'));
/** A whole number above zero, `fallback` when unset. */
export const positiveCount = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** Settings every function that builds AWS clients reads. */
export const AWS_CLIENT_SETTINGS = {
  /** Path-style S3 addressing, for S3-compatible local servers. */
  CAVEAT_S3_FORCE_PATH_STYLE: booleanFlag,
  AWS_REGION: z._default(z.string().check(z.minLength(1)), 'eu-west-2'),
};

/** Exactly one of the message key's two forms: a KMS key ARN (AWS) or a local AES key (local runs). */
export const ONE_MESSAGE_KEY: [
  (env: {
    CAVEAT_MESSAGE_KEY_ARN?: string | undefined;
    CAVEAT_LOCAL_MESSAGE_KEY?: string | undefined;
  }) => boolean,
  { path: string[]; message: string },
] = [
  (env: { CAVEAT_MESSAGE_KEY_ARN?: string | undefined; CAVEAT_LOCAL_MESSAGE_KEY?: string | undefined }) =>
    Boolean(env.CAVEAT_MESSAGE_KEY_ARN) !== Boolean(env.CAVEAT_LOCAL_MESSAGE_KEY),
  {
    path: ['CAVEAT_MESSAGE_KEY_ARN'],
    message: 'set exactly one of CAVEAT_MESSAGE_KEY_ARN (AWS) or CAVEAT_LOCAL_MESSAGE_KEY (local runs)',
  },
];

/** Parses `env` or throws `error` with one line per wrong variable, prefixed with the function's name. */
export function readEnvironment<S extends z.ZodMiniType>(
  schema: S,
  env: Readonly<Record<string, string | undefined>>,
  prefix: string,
  error: new (message: string) => Error,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  throw new error(
    result.error.issues
      .map((issue) => `${prefix}: ${issue.path.join('.') || '(environment)'}: ${issue.message}`)
      .join('\n'),
  );
}
