/**
 * A release request as it travels on the ingest queue beside S3's notifications: the kind and
 * the hold's key (`<shared mailbox>/<SES message id>`), no personal data. The ingest function
 * asks `isReleaseRequest` of every body first; a body that is not one is S3's.
 */

const KIND = 'caveat.release-hold';
/** A shared address and an SES message id, as the hold stage writes them. */
const HOLD_KEY = /^[^\s/@]{1,64}@[^\s/@]{1,190}\/[A-Za-z0-9._-]{1,200}$/;

/** The body says it is a release request and its hold key is not one the pipeline writes. */
export class ReleaseRequestFormatError extends Error {
  override readonly name = 'ReleaseRequestFormatError';
}

export function releaseRequestBody(holdKey: string): string {
  if (!HOLD_KEY.test(holdKey)) throw new ReleaseRequestFormatError('hold key is not <mailbox>/<message id>');
  return JSON.stringify({ kind: KIND, holdKey });
}

/** True when the body says it is a release request (S3's notifications never do). */
export function isReleaseRequest(body: string): boolean {
  return kindOf(body) === KIND;
}

/** The hold key a release request names; throws when there is none a hold could have. */
export function holdKeyOf(body: string): string {
  const { holdKey } = JSON.parse(body) as { holdKey?: unknown };
  if (typeof holdKey !== 'string' || !HOLD_KEY.test(holdKey))
    throw new ReleaseRequestFormatError('release request without a valid hold key');
  return holdKey;
}

function kindOf(body: string): unknown {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? (parsed as { kind?: unknown }).kind : undefined;
  } catch {
    return undefined;
  }
}
