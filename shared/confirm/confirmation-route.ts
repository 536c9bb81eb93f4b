/**
 * Whom to ask about a held message (DWP Email Policy 3.10). The request goes to a validated
 * contact point, never to the unverified sender address alone; without one, the sender gets a
 * generic acknowledgement, and only when SPF or DKIM passed, so a forged sender address is never
 * sent mail it did not ask for (backscatter).
 */
import type { AuthResult } from '../mail/inbound-mail.ts';
import type { ValidatedContact } from '../pipeline/ports.ts';

export interface RouteFacts {
  /** The single From address, lower-cased. */
  readonly senderAddress?: string;
  /** The register's entry for the sender's address, when it is a validated contact point. */
  readonly senderContact?: ValidatedContact;
  /** The register's entries for the citizen references the message names, in order of appearance. */
  readonly namedContacts: readonly ValidatedContact[];
  readonly spf: AuthResult;
  readonly dkim: AuthResult;
  /** Whether an SMS channel is configured. Default true. */
  readonly canText?: boolean;
}

export type ConfirmationRoute =
  | {
      readonly kind: 'contact-point';
      readonly channel: 'email' | 'sms';
      /** The validated address or mobile. */
      readonly to: string;
      readonly contact: ValidatedContact;
      readonly reason: 'named-citizen' | 'sender-unauthenticated';
    }
  | { readonly kind: 'acknowledgement'; readonly to: string }
  | {
      readonly kind: 'none';
      readonly reason:
        | 'no-sender'
        | 'sender-unauthenticated'
        | 'several-citizens-named'
        | 'auto-sender'
        | 'no-sms-channel';
    };

/** Addresses that never read replies: answering them only makes bounce loops. */
const AUTOMATED_LOCAL_PARTS = /^(?:mailer-daemon|postmaster|no-?reply|do-?not-?reply|bounces?)(?:[+.-]|$)/i;

export function chooseConfirmationRoute(facts: RouteFacts): ConfirmationRoute {
  const others = distinct(facts.namedContacts).filter(
    (c) => c.citizenReference !== facts.senderContact?.citizenReference && c.email !== facts.senderAddress,
  );
  if (others.length > 1) return { kind: 'none', reason: 'several-citizens-named' };
  const named = others[0];
  const canText = facts.canText ?? true;
  if (named) return toContactPoint(named, 'named-citizen', canText);
  // The sender's own validated address: held, so its message failed authentication (DMARC).
  if (facts.senderContact) return toContactPoint(facts.senderContact, 'sender-unauthenticated', canText);
  if (!facts.senderAddress) return { kind: 'none', reason: 'no-sender' };
  if (AUTOMATED_LOCAL_PARTS.test(facts.senderAddress.split('@')[0] ?? ''))
    return { kind: 'none', reason: 'auto-sender' };
  if (facts.spf !== 'pass' && facts.dkim !== 'pass')
    return { kind: 'none', reason: 'sender-unauthenticated' };
  return { kind: 'acknowledgement', to: facts.senderAddress };
}

/** Email where the register holds one; a text only where a mobile is all it holds. */
function toContactPoint(
  contact: ValidatedContact,
  reason: 'named-citizen' | 'sender-unauthenticated',
  canText: boolean,
): ConfirmationRoute {
  if (contact.email) return { kind: 'contact-point', channel: 'email', to: contact.email, contact, reason };
  // Never fall back to the unverified sender: without a text channel, nobody is asked.
  if (!canText) return { kind: 'none', reason: 'no-sms-channel' };
  return { kind: 'contact-point', channel: 'sms', to: contact.mobile ?? '', contact, reason };
}

function distinct(contacts: readonly ValidatedContact[]): ValidatedContact[] {
  const seen = new Set<string>();
  return contacts.filter((c) => !seen.has(c.citizenReference) && seen.add(c.citizenReference));
}
