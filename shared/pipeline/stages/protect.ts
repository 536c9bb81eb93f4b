import { composeMail } from '../../mail/compose-mail.ts';
import { linkHash } from '../link-hash.ts';
import { ciphertextKey } from '../mail-keys.ts';
import { protectedNotice } from '../notices.ts';
import type {
  Clock,
  Mailer,
  MailStore,
  MessageEncryptor,
  NotificationLedger,
  PortalLinkStore,
  TokenSource,
} from '../ports.ts';
import type { DetectFn } from '../scan-mail.ts';
import { notificationKey, sendOnce } from '../send-once.ts';
import { maskedMessage } from './masked-message.ts';
import type { StageInput, StageResult } from './stage.ts';

export interface ProtectDependencies {
  readonly store: MailStore;
  readonly encryptor: MessageEncryptor;
  readonly links: PortalLinkStore;
  readonly mailer: Mailer;
  readonly ledger: NotificationLedger;
  readonly tokens: TokenSource;
  readonly clock: Clock;
  readonly detect: DetectFn;
  /** e.g. `https://portal.caveat.example.gov.uk` */
  readonly portalBaseUrl: string;
  readonly linkTtlHours: number;
}

/** Portal links carry the token in the fragment, which browsers never send to a server or in a Referer. */
export function portalLinkUrl(portalBaseUrl: string, token: string): string {
  return `${portalBaseUrl.replace(/\/+$/, '')}/open#t=${token}`;
}

/**
 * DWP Email Policy 1.7: OFFICIAL-SENSITIVE is envelope-encrypted under the message key, bound to
 * its message id, classification and mailbox; officers get a link to the portal, never the
 * content. The plaintext raw object is deleted once the ciphertext and the audit entry exist.
 */
export function protectStage(deps: ProtectDependencies) {
  return async (input: StageInput): Promise<StageResult> => {
    if (!input.raw || !input.read) throw new Error('protect needs the raw message');
    const { key, decision } = input;
    const masked = decision.mask.length > 0;
    const content = masked ? await maskedContent(input, deps) : input.raw;
    const ciphertext = await deps.encryptor.encrypt(content, {
      messageId: key.messageId,
      classification: decision.classification,
      mailbox: key.mailbox,
    });
    const target = ciphertextKey(key);
    await deps.store.put(target, ciphertext, 'application/octet-stream');

    const now = deps.clock.now();
    const expiresAt = new Date(now.getTime() + deps.linkTtlHours * 3_600_000);
    const token = deps.tokens.next();
    await deps.links.create({
      linkHash: linkHash(token),
      messageId: key.messageId,
      mailbox: key.mailbox,
      ciphertextKey: target,
      classification: decision.classification,
      createdAt: now.toISOString(),
      expiresAt: Math.floor(expiresAt.getTime() / 1000),
      reasons: decision.rules.map((rule) => ({
        id: rule.id,
        paragraphs: rule.paragraphs,
        reason: rule.reason,
      })),
    });
    const notice = protectedNotice(decision, input.notice, {
      url: portalLinkUrl(deps.portalBaseUrl, token),
      expiresAt,
    });
    const raw = await composeMail({
      from: key.mailbox,
      to: [input.teamMailbox],
      subject: notice.subject,
      text: notice.text,
      headers: {
        'X-Caveat-Message-Id': key.messageId,
        'X-Caveat-Action': 'protect',
        'X-Caveat-Classification': decision.classification,
      },
    });
    const notified = await sendOnce(deps.ledger, deps.mailer, notificationKey(key, 'protect'), {
      from: key.mailbox,
      to: [input.teamMailbox],
      raw,
    });
    return {
      outcome: {
        ciphertextKey: target,
        masked,
        linkExpiresAt: expiresAt.toISOString(),
        notification: notified,
      },
      finish: () => deps.store.remove(key.objectKey),
    };
  };
}

async function maskedContent(input: StageInput, deps: ProtectDependencies): Promise<Uint8Array> {
  if (!input.raw || !input.read) throw new Error('protect needs the raw message');
  const copy = await maskedMessage(input.raw, input.read, input.decision, deps.detect);
  const note =
    copy.withheld.length > 0
      ? `\n\n[Caveat: attachments withheld because they hold masked data: ${copy.withheld.join(', ')}]`
      : '';
  return composeMail({
    from: input.key.mailbox,
    to: [input.key.mailbox],
    subject: copy.subject,
    text: `${copy.text}${note}`,
    attachments: copy.attachments,
    headers: { 'X-Caveat-Masked': input.decision.mask.join(',') },
    date: input.notice.receivedAt,
  });
}
