/** Where a link or held message stands, as the inbox and the message page show it. */
import type { HeldMessage, PortalLink } from './ports.ts';

export type LinkState = 'new' | 'read' | 'expired' | 'revoked';
/**
 * `confirmed`: the sender confirmed and the release is under way; `deleted`: the sender said
 * they did not send it; `expired`: nobody answered in time (the message was deleted).
 */
export type HoldState = 'held' | 'confirmed' | 'released' | 'deleted' | 'expired';

/** Revocation wins over expiry: it is the deliberate act and the one to explain. */
export function linkState(link: PortalLink, now: Date): LinkState {
  if (link.revokedAt) return 'revoked';
  if (link.expiresAt * 1000 <= now.getTime()) return 'expired';
  return link.readAt ? 'read' : 'new';
}

export function holdState(hold: HeldMessage, now: Date): HoldState {
  if (hold.releasedAt) return 'released';
  if (hold.decision === 'confirmed') return 'confirmed';
  if (hold.decision === 'not-me') return 'deleted';
  if (hold.decision === 'expired') return 'expired';
  const deadline = hold.confirmBy ?? hold.expiresAt;
  return deadline * 1000 <= now.getTime() ? 'expired' : 'held';
}

/** The link to show for a message: the newest usable one, else the newest. */
export function currentLink(links: readonly PortalLink[], now: Date): PortalLink | undefined {
  const newestFirst = [...links].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return newestFirst.find((link) => ['new', 'read'].includes(linkState(link, now))) ?? newestFirst[0];
}
