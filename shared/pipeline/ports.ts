/**
 * The ports the pipeline's use cases depend on. Adapters in shared/adapters implement them
 * (AWS SDK clients, or local equivalents); the use cases never call AWS directly.
 */
import type { Classification } from '../policy/decision.ts';
import type { AuditEntry } from './audit-entry.ts';

export type { DocumentTextExtractor } from '../mail/document-text.ts';

/** The register of validated contact points (DWP Email Policy 3.10). */
export interface ContactRegister {
  /** True when `address` (already lower-cased) is a validated contact point. */
  isValidatedContact(address: string): Promise<boolean>;
}

/** One citizen's validated contact points, as the department's case system supplied them. */
export interface ValidatedContact {
  /** The case system's reference, upper-cased (e.g. `CR-000418`). */
  readonly citizenReference: string;
  /** Trimmed, lower-cased. */
  readonly email?: string;
  /** A UK mobile in E.164 (`+447…`). */
  readonly mobile?: string;
  /** The register import this entry came from; every use of it records this version. */
  readonly registerVersion: string;
}

/** How a contact point is looked up: by the citizen's reference or by a normalised address. */
export type ContactPointKey =
  | { readonly kind: 'reference'; readonly value: string }
  | { readonly kind: 'email'; readonly value: string }
  | { readonly kind: 'mobile'; readonly value: string };

/** Reads the validated-contacts register: who owns an address, which addresses a citizen has. */
export interface ContactDirectory {
  /** The citizen a validated, unrevoked contact point belongs to. Values must be normalised. */
  find(key: ContactPointKey): Promise<ValidatedContact | undefined>;
}

/** One citizen's entry as an import leaves it, with what it replaces (to drop stale addresses). */
export interface ContactChange {
  readonly next: ValidatedContact;
  readonly previous?: ValidatedContact;
}

/** Maintains the register: used by `caveat contacts` only, never by the pipeline. */
export interface ContactRegisterAdmin extends ContactDirectory {
  /** Writes every change, in batches; called only once the whole import is valid. */
  write(changes: readonly ContactChange[]): Promise<void>;
  /** Every citizen entry, ordered by reference. */
  list(): Promise<ValidatedContact[]>;
  /** Removes a citizen and their contact points at once; false when there was none. */
  remove(citizenReference: string): Promise<boolean>;
}

/** The mail bucket: raw MIME as SES wrote it, quarantined copies and protected ciphertext. */
export interface MailStore {
  /** Size in bytes, or `undefined` when there is no such object (already moved or deleted). */
  size(key: string): Promise<number | undefined>;
  read(key: string): Promise<Uint8Array>;
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** Server-side copy to `to`, then delete `from`. Copying first means a failure loses nothing. */
  move(from: string, to: string): Promise<void>;
  remove(key: string): Promise<void>;
}

/** The append-only decision log auditors query. */
export interface AuditLog {
  /**
   * Records one stage entry. An entry with the same message id and sequence already present
   * is a duplicate delivery of the same event: it is left as it is and `duplicate` returned.
   */
  append(entry: AuditEntry): Promise<'recorded' | 'duplicate'>;
}

/** A message held until its sender is confirmed through a validated contact point (3.10). */
export interface HoldRecord {
  /** `<mailbox>/<message id>`: one SES message id can reach two shared addresses. */
  readonly holdKey: string;
  readonly messageId: string;
  readonly mailbox: string;
  readonly objectKey: string;
  /** The sender to confirm. Personal data: stored only here, never logged or audited. */
  readonly senderAddress?: string;
  readonly classification: Classification;
  readonly policy: { readonly id: string; readonly version: string };
  readonly heldAt: string;
  /** Epoch seconds; DynamoDB TTL removes the record after it (at least `confirmBy`). */
  readonly expiresAt: number;
  /** Epoch seconds; unconfirmed by then, the message is deleted (`hold-expired`). */
  readonly confirmBy?: number;
  /** SHA-256 (hex) of the confirmation link's token; the token itself is never stored. */
  readonly confirmationHash?: string;
  /** Set once, when the hold is decided. */
  readonly decision?: HoldDecision;
  readonly decidedAt?: string;
  /** When a confirmed hold's message was released into the pipeline. */
  readonly releasedAt?: string;
}

/** How a hold ended: confirmed through the contact point, disowned, or never answered. */
export type HoldDecision = 'confirmed' | 'not-me' | 'expired';

export interface HoldRegister {
  /** Places the hold; placing the same message again keeps the first. */
  place(hold: HoldRecord): Promise<void>;
  /** Points the hold at a new confirmation token (the one about to be sent); undecided holds only. */
  setConfirmation(holdKey: string, confirmationHash: string): Promise<void>;
  /** The hold a confirmation token belongs to, decided or not. */
  findByConfirmation(confirmationHash: string): Promise<HoldRecord | undefined>;
  /** The hold with this key, decided or not; undefined once it is gone (TTL). */
  get(holdKey: string): Promise<HoldRecord | undefined>;
  /** Records the decision if none is recorded yet: false when the hold was already decided. */
  decide(holdKey: string, decision: HoldDecision, at: string): Promise<boolean>;
  /** Records that a confirmed hold's message was released; a hold not confirmed is refused. */
  markReleased(holdKey: string, at: string): Promise<void>;
  /** Undecided holds whose `confirmBy` is before `now` (epoch seconds). */
  lapsed(now: number): Promise<HoldRecord[]>;
  /** Holds confirmed before `decidedBefore` (ISO time) and not yet marked released. */
  unreleased(decidedBefore: string): Promise<HoldRecord[]>;
}

/**
 * Where a confirmed hold is sent to be released: the ingest function's queue, so the release
 * runs with the pipeline's time, memory and retries rather than inside the citizen's request.
 */
export interface ReleaseRequests {
  /** Asks for the hold to be released; asking twice releases it once. */
  request(holdKey: string): Promise<void>;
}

/** A portal link to one protected message. Only the hash of the token is ever stored. */
export interface PortalLinkRecord {
  /** SHA-256 of the link token, hex. */
  readonly linkHash: string;
  readonly messageId: string;
  readonly mailbox: string;
  readonly ciphertextKey: string;
  readonly classification: Classification;
  readonly createdAt: string;
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** Why the message was protected: the decision's rules, shown to the officer in plain words. */
  readonly reasons?: readonly PortalLinkReason[];
}

/** One rule of the decision, as the audit entry records it: no personal data. */
export interface PortalLinkReason {
  readonly id: string;
  readonly paragraphs: readonly string[];
  readonly reason: string;
}

export interface PortalLinkStore {
  create(link: PortalLinkRecord): Promise<void>;
}

/** One complete outbound message, already composed as MIME. */
export interface OutboundMessage {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: Uint8Array;
}

/** Sends mail (SES SendRawEmail, or a local SMTP listener). Sends are not idempotent. */
export interface Mailer {
  /** Returns the provider's message id. */
  send(message: OutboundMessage): Promise<string>;
}

/** One text message, from an approved template already checked against the SMS policy. */
export interface TextMessage {
  /** A UK mobile in E.164 (`+447…`). */
  readonly to: string;
  readonly body: string;
  readonly templateId: string;
}

/** Sends text messages (Amazon SNS, or a local file outbox). Sends are not idempotent. */
export interface SmsSender {
  /** Returns the provider's message id. */
  send(message: TextMessage): Promise<string>;
}

/**
 * Guards non-idempotent sends: a notification is sent only by whoever first claims its key.
 * A failed send releases the claim so a retry can send it; a sent one is confirmed.
 */
export interface NotificationLedger {
  /** True when this caller claimed `key` first. */
  claim(key: string): Promise<boolean>;
  confirm(key: string, providerMessageId: string): Promise<void>;
  release(key: string): Promise<void>;
}

/** Encryption context bound to a protected message; the key policy requires these keys. */
export interface MessageEncryptionContext {
  readonly messageId: string;
  readonly classification: Classification;
  readonly mailbox: string;
}

/** Envelope encryption of protected content under the message key (KMS, or a local keyring). */
export interface MessageEncryptor {
  encrypt(plaintext: Uint8Array, context: MessageEncryptionContext): Promise<Uint8Array>;
}

/** Opens a protected message for the portal, only under the context it was sealed with. */
export interface MessageDecryptor {
  /** Rejects ciphertext that is not intact or whose bound context differs from `expected`. */
  decrypt(ciphertext: Uint8Array, expected: MessageEncryptionContext): Promise<Uint8Array>;
}

export interface Clock {
  now(): Date;
}

/** Unguessable link tokens (at least 256 bits from a CSPRNG, URL-safe). */
export interface TokenSource {
  next(): string;
}
