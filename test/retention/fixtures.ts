import type { HoldSummary } from '../../shared/retention/plan.ts';

export const DAY_MS = 86_400_000;
export const epochSeconds = (date: Date) => Math.floor(date.getTime() / 1000);

/** A hold of `mailbox` ending at `expiresAt`, held 28 days before it. */
export function holdSummary(
  id: string,
  mailbox: string,
  expiresAt: Date,
  decision?: HoldSummary['decision'],
): HoldSummary {
  return {
    holdKey: `${mailbox}/${id}`,
    messageId: id,
    mailbox,
    objectKey: `inbound/${mailbox}/${id}`,
    classification: 'OFFICIAL-SENSITIVE',
    heldAt: new Date(expiresAt.getTime() - 28 * DAY_MS).toISOString(),
    expiresAt: epochSeconds(expiresAt),
    ...(decision ? { decision } : {}),
  };
}
