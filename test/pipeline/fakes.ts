/**
 * In-memory ports for use-case tests. They keep the semantics the adapters promise
 * (conditional writes, claim/release, copy-then-delete) so idempotency is tested for real.
 */
import { randomBytes } from 'node:crypto';
import PostalMime, { type Email } from 'postal-mime';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import type {
  AuditLog,
  Clock,
  ContactRegister,
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
  TokenSource,
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
    if (!this.holds.has(hold.messageId)) this.holds.set(hold.messageId, hold);
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
