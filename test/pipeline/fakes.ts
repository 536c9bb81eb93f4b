/**
 * In-memory ports for use-case tests. They keep the semantics the adapters promise
 * (conditional writes, claim/release, copy-then-delete) so idempotency is tested for real.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import PostalMime, { type Email } from 'postal-mime';
import { BUILT_IN_PACKS } from '../../policies/index.ts';
import { confirmationService } from '../../shared/confirm/answer-confirmation.ts';
import type { DocumentTextExtractor } from '../../shared/mail/document-text.ts';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import { createPipeline, createRelease, type PipelineSettings } from '../../shared/pipeline/pipeline.ts';
import type {
  AuditLog,
  Clock,
  ContactChange,
  ContactPointKey,
  ContactRegister,
  ContactRegisterAdmin,
  HoldDecision,
  HoldRecord,
  HoldRegister,
  Mailer,
  MailStore,
  MessageEncryptionContext,
  MessageEncryptor,
  NotificationLedger,
  OutboundMessage,
  PortalLinkRecord,
  PortalLinkStore,
  ReleaseRequests,
  SmsSender,
  TextMessage,
  TokenSource,
  ValidatedContact,
} from '../../shared/pipeline/ports.ts';

export class MemoryMailStore implements MailStore {
  readonly objects = new Map<string, { body: Uint8Array; contentType: string }>();
  reads = 0;
  failNext: Partial<Record<'read' | 'put' | 'move' | 'remove', Error>> = {};

  async size(key: string) {
    return this.objects.get(key)?.body.byteLength;
  }
  async read(key: string) {
    this.throwIfFailing('read');
    this.reads += 1;
    const object = this.objects.get(key);
    if (!object) throw Object.assign(new Error('NoSuchKey'), { name: 'NoSuchKey' });
    return object.body;
  }
  async put(key: string, body: Uint8Array, contentType: string) {
    this.throwIfFailing('put');
    this.objects.set(key, { body, contentType });
  }
  async move(from: string, to: string) {
    this.throwIfFailing('move');
    const object = this.objects.get(from);
    if (!object) throw new Error('NoSuchKey');
    this.objects.set(to, object);
    this.objects.delete(from);
  }
  async remove(key: string) {
    this.throwIfFailing('remove');
    this.objects.delete(key);
  }
  private throwIfFailing(op: keyof MemoryMailStore['failNext']) {
    const error = this.failNext[op];
    if (error) {
      delete this.failNext[op];
      throw error;
    }
  }
}

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  async append(entry: AuditEntry) {
    if (this.entries.some((e) => e.messageId === entry.messageId && e.seq === entry.seq))
      return 'duplicate' as const;
    this.entries.push(entry);
    return 'recorded' as const;
  }
}

export class MemoryHolds implements HoldRegister {
  readonly holds = new Map<string, HoldRecord>();
  async place(hold: HoldRecord) {
    if (!this.holds.has(hold.holdKey)) this.holds.set(hold.holdKey, hold);
  }
  async setConfirmation(holdKey: string, confirmationHash: string) {
    const hold = this.holds.get(holdKey);
    if (!hold || hold.decision)
      throw Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
    this.holds.set(holdKey, { ...hold, confirmationHash });
  }
  async findByConfirmation(confirmationHash: string) {
    return [...this.holds.values()].find((h) => h.confirmationHash === confirmationHash);
  }
  async get(holdKey: string) {
    return this.holds.get(holdKey);
  }
  async decide(holdKey: string, decision: HoldDecision, at: string) {
    const hold = this.holds.get(holdKey);
    if (!hold || hold.decision) return false;
    this.holds.set(holdKey, { ...hold, decision, decidedAt: at });
    return true;
  }
  async markReleased(holdKey: string, at: string) {
    const hold = this.holds.get(holdKey);
    if (hold?.decision !== 'confirmed')
      throw Object.assign(new Error('condition'), { name: 'ConditionalCheckFailedException' });
    this.holds.set(holdKey, { ...hold, releasedAt: at });
  }
  async unreleased(decidedBefore: string) {
    return [...this.holds.values()].filter(
      (h) => h.decision === 'confirmed' && !h.releasedAt && (h.decidedAt ?? '') < decidedBefore,
    );
  }
  async lapsed(now: number) {
    return [...this.holds.values()].filter(
      (h) => !h.decision && h.confirmBy !== undefined && h.confirmBy < now,
    );
  }
}

export class MemoryLinks implements PortalLinkStore {
  readonly links: PortalLinkRecord[] = [];
  async create(link: PortalLinkRecord) {
    if (this.links.some((l) => l.linkHash === link.linkHash)) throw new Error('link hash collision');
    this.links.push(link);
  }
}

export class RecordingMailer implements Mailer {
  readonly sent: OutboundMessage[] = [];
  failNext: Error | undefined;
  async send(message: OutboundMessage) {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.sent.push(message);
    return `ses-${this.sent.length}`;
  }
  /** The sent messages, parsed back. */
  async parsed(): Promise<Email[]> {
    return Promise.all(this.sent.map((m) => PostalMime.parse(m.raw)));
  }
}

export class MemoryLedger implements NotificationLedger {
  readonly state = new Map<string, string>();
  async claim(key: string) {
    if (this.state.has(key)) return false;
    this.state.set(key, 'claimed');
    return true;
  }
  async confirm(key: string, providerMessageId: string) {
    this.state.set(key, `sent:${providerMessageId}`);
  }
  async release(key: string) {
    if (this.state.get(key) === 'claimed') this.state.delete(key);
  }
}

/** Not encryption: marks the bytes and remembers the context, so tests can see what was bound. */
export class RecordingEncryptor implements MessageEncryptor {
  readonly calls: { plaintext: Uint8Array; context: MessageEncryptionContext }[] = [];
  async encrypt(plaintext: Uint8Array, context: MessageEncryptionContext) {
    this.calls.push({ plaintext, context });
    return new TextEncoder().encode(`sealed:${this.calls.length}`);
  }
}

export class MemoryContacts implements ContactRegister {
  readonly #addresses: readonly string[];
  constructor(addresses: readonly string[] = []) {
    this.#addresses = addresses;
  }
  async isValidatedContact(address: string) {
    return this.#addresses.includes(address);
  }
}

/** The register with citizens: found by reference, email or mobile, as the DynamoDB register finds them. */
export class MemoryContactRegister implements ContactRegister, ContactRegisterAdmin {
  readonly citizens = new Map<string, ValidatedContact>();
  writes = 0;
  constructor(contacts: readonly ValidatedContact[] = []) {
    for (const contact of contacts) this.citizens.set(contact.citizenReference, contact);
  }
  async isValidatedContact(address: string) {
    return (await this.find({ kind: 'email', value: address })) !== undefined;
  }
  async find(key: ContactPointKey) {
    if (key.kind === 'reference') return this.citizens.get(key.value);
    return [...this.citizens.values()].find((c) => c[key.kind] === key.value);
  }
  async write(changes: readonly ContactChange[]) {
    this.writes += 1;
    for (const { next } of changes) this.citizens.set(next.citizenReference, next);
  }
  async list() {
    return [...this.citizens.values()].sort((a, b) => a.citizenReference.localeCompare(b.citizenReference));
  }
  async remove(reference: string) {
    return this.citizens.delete(reference);
  }
}

export class RecordingSms implements SmsSender {
  readonly sent: TextMessage[] = [];
  async send(message: TextMessage) {
    this.sent.push(message);
    return `sms-${this.sent.length}`;
  }
}

/** Release requests as the ingest queue would hold them, in order, duplicates included. */
export class QueuedReleases implements ReleaseRequests {
  readonly requested: string[] = [];
  async request(holdKey: string) {
    this.requested.push(holdKey);
  }
}

export class FixedClock implements Clock {
  current: Date;
  constructor(current = new Date('2026-11-23T09:00:00.000Z')) {
    this.current = current;
  }
  now() {
    return new Date(this.current);
  }
}

export const randomTokens: TokenSource = { next: () => randomBytes(32).toString('base64url') };

export const MAILBOX = 'universal.credit@caveat.example.gov.uk';
export const TEAM = 'uc-team@dwp.example.gov.uk';
export const SECURITY = 'security@dwp.example.gov.uk';

/** A bundled sample message, as bytes. */
export const sample = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../samples/${name}`, import.meta.url)));

export const inboundKey = (id: string) => `inbound/${MAILBOX}/${id}`;

/** Settings of the test pipeline: one DWP mailbox. */
export function pipelineSettings(overrides: Partial<PipelineSettings> = {}): PipelineSettings {
  const dwp = BUILT_IN_PACKS.dwp;
  if (!dwp) throw new Error('dwp pack missing');
  return {
    mailboxes: [{ address: MAILBOX, teamMailbox: TEAM, pack: dwp }],
    trustedPartnerDomains: [],
    portalBaseUrl: 'https://portal.caveat.example.gov.uk/',
    securityContact: SECURITY,
    linkTtlHours: 72,
    holdDays: 28,
    auditRetentionYears: 6,
    maxRawBytes: 40 * 1024 * 1024,
    actor: 'caveat-ingest',
    ...overrides,
  };
}

/** The whole pipeline on in-memory ports; `receive` puts a raw message where SES would. */
export function pipelineHarness(
  options: {
    contacts?: string[];
    directory?: MemoryContactRegister;
    settings?: Partial<PipelineSettings>;
    documents?: DocumentTextExtractor;
  } = {},
) {
  const ports = {
    store: new MemoryMailStore(),
    audit: new MemoryAuditLog(),
    contacts: new MemoryContacts(options.contacts),
    directory: options.directory ?? new MemoryContactRegister(),
    sms: new RecordingSms(),
    holds: new MemoryHolds(),
    links: new MemoryLinks(),
    mailer: new RecordingMailer(),
    ledger: new MemoryLedger(),
    encryptor: new RecordingEncryptor(),
    clock: new FixedClock(),
    tokens: randomTokens,
    documents: options.documents ?? inProcessDocumentText,
  };
  const settings = pipelineSettings(options.settings);
  const process = createPipeline(ports, settings);
  const release = createRelease(ports, settings);
  const releases = new QueuedReleases();
  const confirmation = confirmationService({
    ...ports,
    releases,
    actor: 'caveat-confirm',
    auditRetentionYears: settings.auditRetentionYears,
  });
  const receive = (id: string, raw: Uint8Array) => {
    ports.store.objects.set(inboundKey(id), { body: raw, contentType: 'message/rfc822' });
    return inboundKey(id);
  };
  /** Takes every queued release request and releases it, as the ingest function does; returns the outcomes. */
  const releaseQueued = async () => {
    const outcomes = [];
    for (const holdKey of releases.requested.splice(0)) outcomes.push(await release(holdKey));
    return outcomes;
  };
  return { ...ports, process, release, releases, releaseQueued, confirmation, receive };
}
