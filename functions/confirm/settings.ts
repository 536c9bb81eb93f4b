/**
 * The confirmation function's settings, read from its environment. It answers holds and asks
 * the ingest function (through its queue) to release confirmed ones, so it reads only the
 * tables, bucket and queue that takes, the mailboxes' languages, and where the secret its page's
 * CSRF tokens and cookies are sealed under comes from. The expiry sweep serves no page, so it is
 * given no secret.
 */
import * as z from 'zod/mini';
import '../../shared/validation/english-messages.ts';
import {
  AWS_CLIENT_SETTINGS,
  arn,
  booleanFlag,
  jsonVariable,
  positiveCount,
  readEnvironment,
  resourceName,
} from '../environment.ts';
import { SettingsError } from '../ingest/settings.ts';

/** The ingest function's mailbox list; only each address and its language matter here. */
const mailboxes = z.pipe(
  jsonVariable,
  z
    .array(z.object({ address: z.email().check(z.toLowerCase()), welsh: z._default(z.boolean(), false) }))
    .check(z.minLength(1, 'must list at least one mailbox')),
);

const schema = z
  .object({
    CAVEAT_MAIL_BUCKET: resourceName,
    CAVEAT_DECISIONS_TABLE: resourceName,
    CAVEAT_HOLDS_TABLE: resourceName,
    /** JSON, as the ingest function reads it: `[{"address","welsh",…}]`. */
    CAVEAT_MAILBOXES: mailboxes,
    /**
     * The ingest function's queue, release requests are sent to. Required on AWS; a local run
     * passes its own queue instead (see `ConfirmWiringOptions.releases`).
     */
    CAVEAT_RELEASE_QUEUE_URL: z.optional(z.url({ protocol: /^https?$/ })),
    CAVEAT_AUDIT_YEARS: positiveCount(6),
    /** Secrets Manager secret (ARN) the page's keys are derived from. */
    CAVEAT_CONFIRM_SECRET_ARN: z.optional(arn),
    /** Local runs only: that secret, base64, 32 bytes. */
    CAVEAT_CONFIRM_SECRET: z.optional(
      z
        .string()
        .check(
          z.refine((v: string) => Buffer.from(v, 'base64').byteLength === 32, 'must be 32 bytes, base64'),
        ),
    ),
    CAVEAT_INSECURE_COOKIES: booleanFlag,
    ...AWS_CLIENT_SETTINGS,
  })
  .check(
    z.refine(
      (env: { CAVEAT_CONFIRM_SECRET_ARN?: string | undefined; CAVEAT_CONFIRM_SECRET?: string | undefined }) =>
        !(env.CAVEAT_CONFIRM_SECRET_ARN && env.CAVEAT_CONFIRM_SECRET),
      {
        path: ['CAVEAT_CONFIRM_SECRET_ARN'],
        message: 'set at most one of CAVEAT_CONFIRM_SECRET_ARN (AWS) or CAVEAT_CONFIRM_SECRET (local runs)',
      },
    ),
  );

/** Where the page's secret is: in the environment (local runs) or in Secrets Manager. */
export type ConfirmSecretSource =
  | { readonly kind: 'value'; readonly bytes: Uint8Array }
  | { readonly kind: 'secrets-manager'; readonly arn: string };

export interface ConfirmSettings {
  readonly region: string;
  readonly s3ForcePathStyle: boolean;
  readonly mailBucket: string;
  readonly decisionsTable: string;
  readonly holdsTable: string;
  /** Shared addresses (lower case) whose page is offered in Welsh and English. */
  readonly welshMailboxes: ReadonlySet<string>;
  readonly releaseQueueUrl?: string;
  readonly auditYears: number;
  /** Absent for the expiry sweep: without it the page refuses to serve. */
  readonly secret?: ConfirmSecretSource;
  /** False only for a local stack on plain HTTP. */
  readonly secureCookies: boolean;
}

export function readConfirmSettings(env: Readonly<Record<string, string | undefined>>): ConfirmSettings {
  const own = readEnvironment(schema, env, 'caveat confirm', SettingsError);
  const secret: ConfirmSecretSource | undefined = own.CAVEAT_CONFIRM_SECRET
    ? { kind: 'value', bytes: new Uint8Array(Buffer.from(own.CAVEAT_CONFIRM_SECRET, 'base64')) }
    : own.CAVEAT_CONFIRM_SECRET_ARN
      ? { kind: 'secrets-manager', arn: own.CAVEAT_CONFIRM_SECRET_ARN }
      : undefined;
  return {
    region: own.AWS_REGION,
    s3ForcePathStyle: own.CAVEAT_S3_FORCE_PATH_STYLE,
    mailBucket: own.CAVEAT_MAIL_BUCKET,
    decisionsTable: own.CAVEAT_DECISIONS_TABLE,
    holdsTable: own.CAVEAT_HOLDS_TABLE,
    welshMailboxes: new Set(own.CAVEAT_MAILBOXES.filter((m) => m.welsh).map((m) => m.address)),
    ...(own.CAVEAT_RELEASE_QUEUE_URL ? { releaseQueueUrl: own.CAVEAT_RELEASE_QUEUE_URL } : {}),
    auditYears: own.CAVEAT_AUDIT_YEARS,
    ...(secret ? { secret } : {}),
    secureCookies: !own.CAVEAT_INSECURE_COOKIES,
  };
}
