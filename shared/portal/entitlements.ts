/**
 * Which officer groups may read which shared mailboxes: configuration, not code. An officer
 * sees a mailbox only when one of their identity-provider groups lists it.
 */
import * as z from 'zod/mini';
import '../validation/english-messages.ts';
import type { Officer } from './ports.ts';

/** Group name → the mailbox addresses (lower-case) it may read. */
export type Entitlements = Readonly<Record<string, readonly string[]>>;

export const entitlementsSchema = z.record(
  z.string().check(z.minLength(1)),
  z.array(z.email().check(z.toLowerCase())).check(z.minLength(1)),
);

/** The mailboxes an officer may read, sorted. */
export function entitledMailboxes(officer: Officer, entitlements: Entitlements): string[] {
  const mailboxes = new Set<string>();
  for (const group of officer.groups) {
    for (const mailbox of Object.hasOwn(entitlements, group) ? (entitlements[group] ?? []) : []) {
      mailboxes.add(mailbox);
    }
  }
  return [...mailboxes].sort();
}

export function mayRead(officer: Officer, mailbox: string, entitlements: Entitlements): boolean {
  return entitledMailboxes(officer, entitlements).includes(mailbox.toLowerCase());
}
