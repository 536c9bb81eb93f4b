/**
 * Asks for confirmation of a held message (DWP Email Policy 3.10): through the citizen's
 * validated contact point when there is one, otherwise a generic acknowledgement to an
 * authenticated sender, otherwise nothing. Runs inside the hold stage, after the hold exists.
 */
import { composeMail } from '../mail/compose-mail.ts';
import { type AuditContext, type HeldSubject, holdEntry } from '../pipeline/audit-entry.ts';
import { linkHash } from '../pipeline/link-hash.ts';
import type {
  AuditLog,
  Clock,
  ContactDirectory,
  HoldRecord,
  HoldRegister,
  Mailer,
  NotificationLedger,
  SmsSender,
  TokenSource,
  ValidatedContact,
} from '../pipeline/ports.ts';
import { claimAndSend, notificationKey, sendOnce } from '../pipeline/send-once.ts';
import type { StageInput } from '../pipeline/stages/stage.ts';
import { sendText } from '../sms/send-text.ts';
import type { SmsTemplate } from '../sms/sms-templates.ts';
import { acknowledgementEmail, confirmationRequestEmail } from './citizen-messages.ts';
import { citizenReferencesIn } from './citizen-references.ts';
import { confirmationUrl } from './confirmation-link.ts';
import { type ConfirmationRoute, chooseConfirmationRoute } from './confirmation-route.ts';

export interface ConfirmationDependencies {
  readonly directory: ContactDirectory;
  readonly holds: HoldRegister;
  readonly mailer: Mailer;
  /** Absent when no SMS channel is configured. */
  readonly sms?: SmsSender;
  readonly ledger: NotificationLedger;
  readonly tokens: TokenSource;
  readonly clock: Clock;
  readonly audit: AuditLog;
  /** Where confirmation links point, e.g. `https://portal.caveat.example.gov.uk`. */
  readonly confirmBaseUrl: string;
  /** The department's published contact route, for senders without a validated contact point. */
  readonly publishedRoute: string;
  /** The approved, policy-checked text for a request by SMS. */
  readonly smsTemplate: SmsTemplate;
  /** Mailboxes configured for Wales answer in Welsh and English (3.9). */
  readonly isWelsh: (mailbox: string) => boolean;
  readonly actor: string;
  readonly auditRetentionYears: number;
  readonly citizenReference?: RegExp;
}

export function requestConfirmation(deps: ConfirmationDependencies) {
  return async (input: StageInput, hold: HoldRecord): Promise<ConfirmationRoute['kind']> => {
    const route = chooseConfirmationRoute({
      ...(await routeFacts(deps, input)),
      canText: deps.sms !== undefined,
    });
    const welsh = deps.isWelsh(input.key.mailbox);
    const key = notificationKey(input.key, 'confirm-request');
    let sent: 'sent' | 'already-sent' | 'not-sent' = 'not-sent';
    if (route.kind === 'contact-point') {
      const issue = async () => {
        // Only the claimer issues a token: a retry after a failed send replaces it, a repeat does not.
        const token = deps.tokens.next();
        await deps.holds.setConfirmation(hold.holdKey, linkHash(token));
        return {
          url: confirmationUrl(deps.confirmBaseUrl, token),
          expiresAt: new Date((hold.confirmBy ?? hold.expiresAt) * 1000),
        };
      };
      sent =
        route.channel === 'email'
          ? await sendOnce(deps.ledger, deps.mailer, key, async () => {
              const notice = confirmationRequestEmail(await issue(), { welsh });
              return citizenMail(input, route.to, notice, 'confirm-request');
            })
          : await claimAndSend(deps.ledger, key, async () => {
              const link = await issue();
              // canText above: a text route is chosen only when there is a sender.
              return sendText(deps.sms as SmsSender, deps.smsTemplate, route.to, {
                link: link.url,
                expires: link.expiresAt.toLocaleDateString('en-GB', {
                  day: 'numeric',
                  month: 'long',
                  timeZone: 'Europe/London',
                }),
              });
            });
    } else if (route.kind === 'acknowledgement') {
      const notice = acknowledgementEmail(deps.publishedRoute, { welsh });
      sent = await sendOnce(deps.ledger, deps.mailer, notificationKey(input.key, 'acknowledgement'), () =>
        citizenMail(input, route.to, notice, 'acknowledgement'),
      );
    }
    await deps.audit.append(
      holdEntry('confirm-request', heldSubject(input), auditContext(deps), {
        route: route.kind,
        ...(route.kind === 'contact-point'
          ? { channel: route.channel, reason: route.reason, registerVersion: route.contact.registerVersion }
          : {}),
        ...(route.kind === 'none' ? { reason: route.reason } : {}),
        request: sent,
      }),
    );
    return route.kind;
  };
}

async function routeFacts(deps: ConfirmationDependencies, input: StageInput) {
  const senderAddress = input.decision.sender.address;
  const senderContact = senderAddress
    ? await deps.directory.find({ kind: 'email', value: senderAddress })
    : undefined;
  const mail = input.read?.readable ? input.read.mail : undefined;
  const text = mail ? `${mail.subject}\n${mail.text}\n${mail.htmlText ?? ''}` : '';
  const namedContacts: ValidatedContact[] = [];
  for (const value of citizenReferencesIn(text, deps.citizenReference)) {
    const contact = await deps.directory.find({ kind: 'reference', value });
    if (contact) namedContacts.push(contact);
  }
  return {
    ...(senderAddress ? { senderAddress } : {}),
    ...(senderContact ? { senderContact } : {}),
    namedContacts,
    spf: input.decision.verdicts.spf,
    dkim: input.decision.verdicts.dkim,
  };
}

/** A message to a citizen: from the shared mailbox (3.5), marked as an automatic reply (RFC 3834). */
export function citizenMail(
  input: StageInput,
  to: string,
  notice: { readonly subject: string; readonly text: string },
  action: string,
) {
  return composeMail({
    from: input.key.mailbox,
    to: [to],
    subject: notice.subject,
    text: notice.text,
    headers: {
      'Auto-Submitted': 'auto-replied',
      'X-Caveat-Message-Id': input.key.messageId,
      'X-Caveat-Action': action,
    },
  }).then((raw) => ({ from: input.key.mailbox, to: [to], raw }));
}

export function heldSubject(input: StageInput): HeldSubject {
  return {
    messageId: input.key.messageId,
    mailbox: input.key.mailbox,
    objectKey: input.key.objectKey,
    classification: input.decision.classification,
    policy: input.decision.policy,
  };
}

function auditContext(
  deps: Pick<ConfirmationDependencies, 'clock' | 'actor' | 'auditRetentionYears'>,
): AuditContext {
  return { at: deps.clock.now(), actor: deps.actor, retentionYears: deps.auditRetentionYears };
}
