/** In-memory portal ports and a protected sample message, for portal use-case and handler tests. */
import { randomBytes } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { messageKeyring } from '../../shared/adapters/encryption-sdk-keyring.ts';
import { EncryptionSdkMessageDecryptor } from '../../shared/adapters/encryption-sdk-message-decryptor.ts';
import { EncryptionSdkMessageEncryptor } from '../../shared/adapters/encryption-sdk-message-encryptor.ts';
import { linkHash } from '../../shared/pipeline/link-hash.ts';
import { createPortal, type PortalDependencies } from '../../shared/portal/portal.ts';
import type {
  FailedLookups,
  HeldMessage,
  HeldMessages,
  Officer,
  PortalLink,
  PortalLinks,
} from '../../shared/portal/ports.ts';
import { FixedClock, MAILBOX, MemoryAuditLog, MemoryMailStore } from '../pipeline/fakes.ts';

export { FixedClock, MAILBOX, MemoryAuditLog };

export class MemoryPortalLinks implements PortalLinks {
  readonly links = new Map<string, PortalLink>();
  async findByHash(hash: string) {
    return this.links.get(hash);
  }
  async findByMessage(mailbox: string, messageId: string) {
    return [...this.links.values()].filter((l) => l.mailbox === mailbox && l.messageId === messageId);
  }
  async listByMailbox(mailbox: string) {
    return [...this.links.values()].filter((l) => l.mailbox === mailbox);
  }
  async markRead(hash: string, at: string) {
    const link = this.links.get(hash);
    if (link && !link.readAt) this.links.set(hash, { ...link, readAt: at });
  }
  async revoke(hash: string, at: string, by: string) {
    const link = this.links.get(hash);
    if (link && !link.revokedAt) this.links.set(hash, { ...link, revokedAt: at, revokedBy: by });
  }
}

export class MemoryHeldMessages implements HeldMessages {
  readonly holds: HeldMessage[] = [];
  async listByMailbox(mailbox: string) {
    return this.holds.filter((h) => h.mailbox === mailbox);
  }
}

export class MemoryFailedLookups implements FailedLookups {
  readonly failures = new Map<string, number>();
  async blocked(source: string) {
    return (this.failures.get(source) ?? 0) >= 5;
  }
  async recordFailure(source: string) {
    this.failures.set(source, (this.failures.get(source) ?? 0) + 1);
  }
}

export const OFFICER: Officer = { subject: 'officer-1', name: 'Alex Officer', groups: ['uc-officers'] };
export const OUTSIDER: Officer = { subject: 'officer-2', groups: ['council-officers'] };
export const ENTITLEMENTS = {
  'uc-officers': [MAILBOX],
  'council-officers': ['council@caveat.example.gov.uk'],
};

export const CARD = '4929 4205 7359 5063';

/** A sensitive message with a text body, an HTML body with hostile parts, and one attachment. */
export function sampleMessage(): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    new MailComposer({
      from: 'Sam Officer <sam.officer@dwp.example.gov.uk>',
      to: MAILBOX,
      subject: 'OFFICIAL-SENSITIVE: safeguarding referral',
      text: `Referral attached. Card ${CARD} was used.`,
      html: `<p onclick="steal()">Referral <b>attached</b>. Card ${CARD}.</p><script>steal()</script><img src="https://tracker.example/pixel.gif"><a href="javascript:alert(1)">x</a><a href="https://gov.uk/">GOV.UK</a>`,
      attachments: [
        {
          filename: 'referral.pdf',
          content: Buffer.from('%PDF-1.4 referral'),
          contentType: 'application/pdf',
        },
      ],
    })
      .compile()
      .build((error, message) => (error ? reject(error) : resolve(new Uint8Array(message))));
  });
}

/** A portal over in-memory ports with one protected message sealed by the real Encryption SDK (local AES keyring). */
export async function portalHarness(options: { readonly linkTtlHours?: number } = {}) {
  const keyring = messageKeyring({ kind: 'local-aes', key: randomBytes(32) });
  const encryptor = new EncryptionSdkMessageEncryptor(keyring);
  const store = new MemoryMailStore();
  const links = new MemoryPortalLinks();
  const holds = new MemoryHeldMessages();
  const failedLookups = new MemoryFailedLookups();
  const audit = new MemoryAuditLog();
  const clock = new FixedClock();
  const deps: PortalDependencies = {
    links,
    holds,
    failedLookups,
    store,
    decryptor: new EncryptionSdkMessageDecryptor(keyring),
    audit,
    clock,
    entitlements: ENTITLEMENTS,
    retentionYears: 6,
  };
  /** Seals a message as protect does and stores its link; returns the link token. */
  const protect = async (
    messageId: string,
    overrides: { context?: { messageId?: string; mailbox?: string }; createdAt?: string } = {},
  ) => {
    const token = randomBytes(32).toString('base64url');
    const ciphertextKey = `ciphertext/${MAILBOX}/${messageId}`;
    const ciphertext = await encryptor.encrypt(await sampleMessage(), {
      messageId: overrides.context?.messageId ?? messageId,
      classification: 'OFFICIAL-SENSITIVE',
      mailbox: overrides.context?.mailbox ?? MAILBOX,
    });
    await store.put(ciphertextKey, ciphertext, 'application/octet-stream');
    const createdAt = overrides.createdAt ?? clock.now().toISOString();
    links.links.set(linkHash(token), {
      linkHash: linkHash(token),
      messageId,
      mailbox: MAILBOX,
      ciphertextKey,
      classification: 'OFFICIAL-SENSITIVE',
      createdAt,
      expiresAt: Math.floor(Date.parse(createdAt) / 1000) + (options.linkTtlHours ?? 72) * 3600,
      reasons: [{ id: 'DWP-1.7', paragraphs: ['1.7'], reason: 'OFFICIAL-SENSITIVE content is protected' }],
    });
    return token;
  };
  return { deps, portal: createPortal(deps), store, links, holds, failedLookups, audit, clock, protect };
}
