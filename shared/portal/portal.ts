/**
 * The officer portal's use cases, on ports only: open a link, list a mailbox, read a message,
 * download an attachment, revoke a link. Each returns an outcome the web layer turns into a
 * page; each refusal and each access is an audit entry.
 */
import { timingSafeEqual } from 'node:crypto';
import PostalMime, { type Email } from 'postal-mime';
import { linkHash } from '../pipeline/link-hash.ts';
import type { AuditLog, Clock, MailStore, MessageDecryptor } from '../pipeline/ports.ts';
import { type AccessRecord, accessEntry, NO_MESSAGE, type RefusalReason } from './access-audit.ts';
import { type Entitlements, entitledMailboxes, mayRead } from './entitlements.ts';
import { currentLink, type HoldState, holdState, type LinkState, linkState } from './link-state.ts';
import { maskCardNumbers } from './mask-cards.ts';
import type { FailedLookups, HeldMessages, Officer, PortalLink, PortalLinks } from './ports.ts';
import { sanitiseHtml } from './sanitise-html.ts';

export interface PortalDependencies {
  readonly links: PortalLinks;
  readonly holds: HeldMessages;
  readonly failedLookups: FailedLookups;
  readonly store: Pick<MailStore, 'read'>;
  readonly decryptor: MessageDecryptor;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly entitlements: Entitlements;
  readonly retentionYears: number;
}

/** A message by its mailbox and SES message id. */
export interface MessageRef {
  readonly mailbox: string;
  readonly messageId: string;
}

/** Who is asking, from where. */
export interface Requester {
  readonly officer?: Officer;
  readonly sourceIp: string;
  readonly requestId: string;
}

/** A signed-in officer's request. */
export type SignedIn = Requester & { readonly officer: Officer };

export type Refusal = { readonly kind: 'refused'; readonly reason: RefusalReason };

export type OpenLinkOutcome =
  | { readonly kind: 'valid'; readonly mailbox: string; readonly messageId: string }
  | Refusal;

export interface InboxItem {
  readonly messageId: string;
  readonly classification: string;
  readonly receivedAt: string;
  readonly state: LinkState | HoldState;
  /** Protected messages open in the portal; held ones wait for their sender. */
  readonly kind: 'protected' | 'held';
  readonly reason?: string;
}

export interface AttachmentSummary {
  readonly index: number;
  readonly filename: string;
  readonly contentType: string;
  readonly size: number;
}

export interface MessageView {
  readonly messageId: string;
  readonly mailbox: string;
  readonly classification: string;
  readonly state: LinkState;
  readonly receivedAt: string;
  readonly expiresAt: string;
  readonly reasons: PortalLink['reasons'];
  readonly from: string;
  readonly to: string;
  readonly cc: string;
  readonly subject: string;
  readonly date?: string;
  readonly text: string;
  /** Sanitised, card numbers masked; for a sandboxed frame only. */
  readonly html?: string;
  readonly attachments: readonly AttachmentSummary[];
}

export interface AttachmentDownload {
  readonly filename: string;
  readonly contentType: string;
  readonly body: Uint8Array;
}

/** Link tokens are base64url with at least 128 bits; anything else is not worth a lookup. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{22,256}$/;
/** A media type as MIME writes it; anything else is served as bytes. */
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,126}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}$/i;

export function createPortal(deps: PortalDependencies) {
  const record = (
    requester: Requester,
    entry: Omit<AccessRecord, 'at' | 'officer' | 'sourceIp' | 'requestId' | 'retentionYears'>,
  ) =>
    deps.audit.append(
      accessEntry({
        ...entry,
        at: deps.clock.now(),
        officer: requester.officer?.subject ?? 'anonymous',
        sourceIp: requester.sourceIp,
        requestId: requester.requestId,
        retentionYears: deps.retentionYears,
      }),
    );
  const refuse = async (
    requester: Requester,
    reason: RefusalReason,
    link?: PortalLink,
    subject?: { messageId: string; mailbox: string },
    code?: string,
  ): Promise<Refusal> => {
    await record(requester, {
      stage: 'portal-refused',
      reason,
      message: link
        ? { messageId: link.messageId, mailbox: link.mailbox, objectKey: link.ciphertextKey }
        : subject
          ? { ...subject, objectKey: '-' }
          : NO_MESSAGE,
      ...(link ? { classification: link.classification } : {}),
      ...(code ? { code } : {}),
    });
    return { kind: 'refused', reason };
  };

  /** The protected message an officer may read, or why not. */
  const readableLink = async (
    requester: SignedIn,
    { mailbox, messageId }: MessageRef,
  ): Promise<PortalLink | Refusal> => {
    if (!mayRead(requester.officer, mailbox, deps.entitlements)) {
      return refuse(requester, 'not-entitled', undefined, { messageId, mailbox });
    }
    const link = currentLink(await deps.links.findByMessage(mailbox, messageId), deps.clock.now());
    if (!link) return refuse(requester, 'not-found', undefined, { messageId, mailbox });
    const state = linkState(link, deps.clock.now());
    if (state === 'expired' || state === 'revoked') return refuse(requester, state, link);
    return link;
  };

  /** The readable link and its message, decrypted and parsed, or why not. */
  const openReadable = async (
    requester: SignedIn,
    { mailbox, messageId }: MessageRef,
  ): Promise<{ readonly link: PortalLink; readonly email: Email } | Refusal> => {
    const link = await readableLink(requester, { mailbox, messageId });
    if ('kind' in link) return link;
    let plaintext: Uint8Array;
    try {
      const ciphertext = await deps.store.read(link.ciphertextKey);
      plaintext = await deps.decryptor.decrypt(ciphertext, {
        messageId: link.messageId,
        classification: link.classification,
        mailbox: link.mailbox,
      });
    } catch (error) {
      return refuse(requester, 'ciphertext-refused', link, undefined, errorName(error));
    }
    try {
      return { link, email: await PostalMime.parse(plaintext, { attachmentEncoding: 'arraybuffer' }) };
    } finally {
      plaintext.fill(0);
    }
  };

  return {
    /**
     * Looks a link token up. Nothing changes but the failure count: opening a link neither
     * consumes nor marks it, so mail scanners that follow links harm nothing.
     */
    async openLink(requester: Requester, token: string): Promise<OpenLinkOutcome> {
      if (await deps.failedLookups.blocked(requester.sourceIp)) return refuse(requester, 'rate-limited');
      const hash = TOKEN_PATTERN.test(token) ? linkHash(token) : undefined;
      const link = hash ? await deps.links.findByHash(hash) : undefined;
      if (!hash || !link || !sameHash(link.linkHash, hash)) {
        await deps.failedLookups.recordFailure(requester.sourceIp);
        return refuse(requester, 'unknown-link');
      }
      const state = linkState(link, deps.clock.now());
      if (state === 'expired' || state === 'revoked') return refuse(requester, state, link);
      return { kind: 'valid', mailbox: link.mailbox, messageId: link.messageId };
    },

    mailboxesOf(officer: Officer): string[] {
      return entitledMailboxes(officer, deps.entitlements);
    },

    /** Protected and held messages of one mailbox, newest first. */
    async inbox(
      requester: SignedIn,
      mailbox: string,
    ): Promise<{ readonly kind: 'inbox'; readonly items: readonly InboxItem[] } | Refusal> {
      if (!mayRead(requester.officer, mailbox, deps.entitlements)) {
        return refuse(requester, 'not-entitled', undefined, { messageId: NO_MESSAGE.messageId, mailbox });
      }
      const now = deps.clock.now();
      const [links, holds] = await Promise.all([
        deps.links.listByMailbox(mailbox),
        deps.holds.listByMailbox(mailbox),
      ]);
      const byMessage = new Map<string, PortalLink[]>();
      for (const link of links)
        byMessage.set(link.messageId, [...(byMessage.get(link.messageId) ?? []), link]);
      const items: InboxItem[] = [
        ...[...byMessage.values()].flatMap((group) => {
          const link = currentLink(group, now);
          return link
            ? [
                {
                  messageId: link.messageId,
                  classification: link.classification,
                  receivedAt: link.createdAt,
                  state: linkState(link, now),
                  kind: 'protected' as const,
                  ...(link.reasons?.[0] ? { reason: link.reasons[0].reason } : {}),
                },
              ]
            : [];
        }),
        ...holds.map((hold) => ({
          messageId: hold.messageId,
          classification: hold.classification,
          receivedAt: hold.heldAt,
          state: holdState(hold, now),
          kind: 'held' as const,
        })),
      ];
      items.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
      return { kind: 'inbox', items };
    },

    /** Decrypts and shows one message; the first view marks its link read. */
    async viewMessage(
      requester: SignedIn,
      { mailbox, messageId }: MessageRef,
    ): Promise<{ readonly kind: 'message'; readonly view: MessageView } | Refusal> {
      const opened = await openReadable(requester, { mailbox, messageId });
      if ('kind' in opened) return opened;
      const { link, email } = opened;
      const now = deps.clock.now();
      if (!link.readAt) await deps.links.markRead(link.linkHash, now.toISOString());
      await record(requester, {
        stage: 'portal-view',
        message: { messageId, mailbox, objectKey: link.ciphertextKey },
        classification: link.classification,
      });
      return { kind: 'message', view: messageView(link, email, link.readAt ? 'read' : 'new') };
    },

    /** One attachment, decrypted on the fly. */
    async downloadAttachment(
      requester: SignedIn,
      { mailbox, messageId }: MessageRef,
      index: number,
    ): Promise<{ readonly kind: 'attachment'; readonly download: AttachmentDownload } | Refusal> {
      const opened = await openReadable(requester, { mailbox, messageId });
      if ('kind' in opened) return opened;
      const { link, email } = opened;
      const attachment = email.attachments[index];
      if (!attachment) return refuse(requester, 'not-found', link);
      await record(requester, {
        stage: 'portal-download',
        message: { messageId, mailbox, objectKey: link.ciphertextKey },
        classification: link.classification,
        attachment: index,
      });
      return {
        kind: 'attachment',
        download: {
          filename: attachmentName(attachment.filename, index),
          contentType: MEDIA_TYPE.test(attachment.mimeType)
            ? attachment.mimeType.toLowerCase()
            : 'application/octet-stream',
          body: new Uint8Array(attachment.content as ArrayBuffer),
        },
      };
    },

    /** Revokes a message's link: it no longer opens, for anyone. */
    async revokeLink(
      requester: SignedIn,
      { mailbox, messageId }: MessageRef,
    ): Promise<{ readonly kind: 'revoked' } | Refusal> {
      const link = await readableLink(requester, { mailbox, messageId });
      if ('kind' in link) return link;
      await deps.links.revoke(link.linkHash, deps.clock.now().toISOString(), requester.officer.subject);
      await record(requester, {
        stage: 'portal-revoke',
        message: { messageId, mailbox, objectKey: link.ciphertextKey },
        classification: link.classification,
      });
      return { kind: 'revoked' };
    },
  };
}

export type Portal = ReturnType<typeof createPortal>;

function messageView(link: PortalLink, email: Email, state: LinkState): MessageView {
  const addresses = (list: Email['to']) =>
    maskCardNumbers(
      (list ?? [])
        .flatMap((entry) => ('group' in entry && entry.group ? entry.group : [entry]))
        .map((a) => (a.name ? `${a.name} <${a.address ?? ''}>` : (a.address ?? '')))
        .join(', '),
    );
  return {
    messageId: link.messageId,
    mailbox: link.mailbox,
    classification: link.classification,
    state,
    receivedAt: link.createdAt,
    expiresAt: new Date(link.expiresAt * 1000).toISOString(),
    reasons: link.reasons ?? [],
    from: addresses(email.from ? [email.from] : []),
    to: addresses(email.to),
    cc: addresses(email.cc),
    subject: maskCardNumbers(email.subject ?? ''),
    ...(email.date ? { date: email.date } : {}),
    text: maskCardNumbers(email.text ?? ''),
    ...(email.html ? { html: sanitiseHtml(email.html) } : {}),
    attachments: email.attachments.map((attachment, index) => ({
      index,
      filename: attachmentName(attachment.filename, index),
      contentType: attachment.mimeType,
      size: (attachment.content as ArrayBuffer).byteLength,
    })),
  };
}

/** A file name safe to offer: no path, no control characters, never empty. */
function attachmentName(name: string | null, index: number): string {
  const base = (name ?? '').split(/[\\/]/).pop() ?? '';
  const clean = [...base]
    .filter((char) => char !== '"' && (char.codePointAt(0) ?? 0) > 0x1f && char !== '\u007f')
    .join('')
    .trim()
    .slice(0, 200);
  return clean || `attachment-${index + 1}`;
}

function sameHash(stored: string, computed: string): boolean {
  const a = Buffer.from(stored);
  const b = Buffer.from(computed);
  return a.length === b.length && timingSafeEqual(a, b);
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : 'UnknownError';
}
