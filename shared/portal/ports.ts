/**
 * The ports the officer portal depends on, beside the pipeline's (`MailStore`, `AuditLog`,
 * `MessageDecryptor`, `Clock`). Adapters: `shared/adapters/dynamodb-portal-links.ts`,
 * `dynamodb-held-messages.ts`, `dynamodb-failed-lookups.ts`, `openid-client-sign-in.ts`.
 */

import type { PortalLinkRecord } from '../pipeline/ports.ts';
import type { Classification } from '../policy/decision.ts';

/** A portal link as the portal sees it: what protect stored, plus what officers did with it. */
export interface PortalLink extends PortalLinkRecord {
  /** ISO time of the first view. */
  readonly readAt?: string;
  /** ISO time the link was revoked, and by whom (the officer's subject identifier). */
  readonly revokedAt?: string;
  readonly revokedBy?: string;
}

export interface PortalLinks {
  /** The link stored under this token hash, if any. */
  findByHash(linkHash: string): Promise<PortalLink | undefined>;
  /** The links to one message in one mailbox (usually one; more if it was protected again). */
  findByMessage(mailbox: string, messageId: string): Promise<readonly PortalLink[]>;
  /** Every link of a mailbox still stored (expired ones until TTL removes them). */
  listByMailbox(mailbox: string): Promise<readonly PortalLink[]>;
  /** Records the first view; later views leave it. */
  markRead(linkHash: string, at: string): Promise<void>;
  /** Revokes the link; revoking a revoked link keeps the first revocation. */
  revoke(linkHash: string, at: string, by: string): Promise<void>;
}

/** A message held for sender confirmation, as the inbox lists it (never the sender's address). */
export interface HeldMessage {
  readonly messageId: string;
  readonly mailbox: string;
  readonly classification: Classification;
  readonly heldAt: string;
  /** Epoch seconds: the record's end (TTL). */
  readonly expiresAt: number;
  /** Epoch seconds: unanswered by then, the message is deleted. */
  readonly confirmBy?: number;
  /** The citizen's answer, or expiry; absent while the hold waits. */
  readonly decision?: 'confirmed' | 'not-me' | 'expired';
  /** ISO time the confirmed message was released into the pipeline. */
  readonly releasedAt?: string;
}

export interface HeldMessages {
  listByMailbox(mailbox: string): Promise<readonly HeldMessage[]>;
}

/**
 * Counts failed link lookups per source, so a client guessing tokens is stopped long before it
 * could matter (256-bit tokens make guessing hopeless anyway; this keeps the noise down and
 * makes the attempt visible).
 */
export interface FailedLookups {
  /** True when `source` has used up its failures in the current window. */
  blocked(source: string): Promise<boolean>;
  recordFailure(source: string): Promise<void>;
}

/** A signed-in officer. `subject` is the identity provider's stable id: it is what audit records. */
export interface Officer {
  readonly subject: string;
  /** For display only; never audited or logged. */
  readonly name?: string;
  readonly groups: readonly string[];
}

/** What a sign-in in progress must remember until the identity provider sends the officer back. */
export interface PendingSignIn {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

/** OpenID Connect sign-in (authorization code flow with PKCE). */
export interface SignIn {
  /** The provider URL to send the browser to, and what to keep (sealed) until it returns. */
  begin(): Promise<{ readonly url: string; readonly pending: PendingSignIn }>;
  /** The origin of the provider's sign-in page, which the portal's forms lead to. */
  authorizationOrigin(): Promise<string>;
  /** Exchanges the code in the callback URL; rejects a wrong state, nonce or verifier. */
  complete(callbackUrl: URL, pending: PendingSignIn): Promise<Officer>;
}
