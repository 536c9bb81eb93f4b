/** What an officer reads when the portal refuses: a clear page with a status, never an error dump. */
import type { RefusalReason } from '../access-audit.ts';

export interface RefusalPage {
  readonly status: number;
  readonly title: string;
  readonly paragraphs: readonly string[];
}

export const REFUSAL_PAGES: Readonly<Record<RefusalReason | 'csrf' | 'sign-in-failed', RefusalPage>> = {
  'unknown-link': {
    status: 404,
    title: 'This link is not recognised',
    paragraphs: [
      'Check that you copied the whole link from the notification email.',
      'If it still does not work, ask your team leader to check the message in the mailbox.',
    ],
  },
  'rate-limited': {
    status: 429,
    title: 'Too many attempts',
    paragraphs: [
      'There have been too many attempts to open links from your network. Wait 15 minutes and try again.',
    ],
  },
  expired: {
    status: 410,
    title: 'This link has expired',
    paragraphs: [
      'Links to protected messages stop working after a set time, so that old notifications cannot be used to read them.',
      'Ask your team leader if you still need to read this message.',
    ],
  },
  revoked: {
    status: 410,
    title: 'This link has been revoked',
    paragraphs: ['An officer revoked the link to this message, so it can no longer be opened here.'],
  },
  'not-entitled': {
    status: 403,
    title: 'You cannot read this mailbox',
    paragraphs: [
      'Your account is not in a group that can read messages sent to this shared mailbox.',
      'Ask your team leader to add you if you need access. This attempt has been recorded.',
    ],
  },
  'not-found': {
    status: 404,
    title: 'Message not found',
    paragraphs: ['There is no protected message here. It may have been removed after its retention period.'],
  },
  'ciphertext-refused': {
    status: 422,
    title: 'This message cannot be opened',
    paragraphs: [
      'The protected copy of this message failed its integrity check, so it has not been shown.',
      'This has been recorded. Contact your security team.',
    ],
  },
  csrf: {
    status: 403,
    title: 'The form has expired',
    paragraphs: ['Go back, reload the page and try again.'],
  },
  'sign-in-failed': {
    status: 400,
    title: 'Sign-in did not complete',
    paragraphs: ['Your sign-in took too long or was interrupted. Try signing in again.'],
  },
};
