/**
 * The port the mail reader gets PDF and DOCX text through. The parsers are large (pdf.js alone
 * is over 1.5 MB bundled), so the deployed pipeline calls them in a function of their own and
 * local runs, the CLI and tests call them in process; the reader does not know which.
 */
import type { AttachmentFlag, MailLimits } from './inbound-mail.ts';

/** The document formats whose text needs a parser of its own. */
export const DOCUMENT_KINDS = ['pdf', 'docx'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The flags a document's extraction can raise. */
export const DOCUMENT_TEXT_FLAGS = [
  'extraction-failed',
  'contents-not-scanned',
  'text-truncated',
] as const satisfies readonly AttachmentFlag[];
export type DocumentTextFlag = (typeof DOCUMENT_TEXT_FLAGS)[number];

/** The caps an extraction applies: text kept, and bytes a DOCX may inflate to. */
export type DocumentTextLimits = Pick<MailLimits, 'maxTextChars' | 'maxDecodedBytes'>;

/** Text taken from one document, or why there is none. */
export interface DocumentText {
  /** At most `maxTextChars` characters. */
  readonly text?: string;
  readonly flags: readonly DocumentTextFlag[];
}

/** Reads the text of PDF and DOCX files. */
export interface DocumentTextExtractor {
  /**
   * Never throws: a file that cannot be parsed gets `extraction-failed`, one that was not
   * parsed at all (too large to send) gets `contents-not-scanned`.
   */
  extract(kind: DocumentKind, bytes: Uint8Array, limits: DocumentTextLimits): Promise<DocumentText>;
}

/** `text` cut to `max` characters, flagged when cut. */
export function cappedText(text: string, max: number): { text: string; flags: DocumentTextFlag[] } {
  return text.length > max ? { text: text.slice(0, max), flags: ['text-truncated'] } : { text, flags: [] };
}

/**
 * `documents` for one message, within a time budget: once `budgetMs` have passed since the
 * first document was sent, further ones are not sent and come back `contents-not-scanned`, so
 * a message of many slow documents is decided (as unscanned) instead of outliving its function.
 */
export function withinTimeBudget(
  documents: DocumentTextExtractor,
  budgetMs: number,
  now: () => number = () => performance.now(),
): DocumentTextExtractor {
  let started: number | undefined;
  return {
    async extract(kind, bytes, limits) {
      const at = now();
      started ??= at;
      if (at - started > budgetMs) return { flags: ['contents-not-scanned'] };
      return documents.extract(kind, bytes, limits);
    },
  };
}
