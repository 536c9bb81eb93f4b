/**
 * What every function's settings share: reading an environment against a zod schema with a
 * message naming each wrong variable, and the value shapes several functions use.
 */
import * as z from 'zod';

/** A variable holding JSON, parsed before its own schema applies. */
export const jsonVariable = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
});

/** Settings every function that builds AWS clients reads. */
export const AWS_CLIENT_SETTINGS = {
  /** Path-style S3 addressing, for S3-compatible local servers. */
  CAVEAT_S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  AWS_REGION: z.string().min(1).default('eu-west-2'),
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
export function readEnvironment<S extends z.ZodType>(
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
