import type { MailLimits } from './inbound-mail.ts';

/** Default caps. Raw size matches SES's inbound maximum; the rest bound MIME bombs. */
export const DEFAULT_MAIL_LIMITS: MailLimits = Object.freeze({
  maxRawBytes: 40 * 1024 * 1024,
  maxParts: 500,
  maxDepth: 20,
  maxDecodedBytes: 100 * 1024 * 1024,
  maxTextChars: 2_000_000,
  // With the extract-text function's own wait (25 s), a message's documents are read within
  // 50 s, inside the ingest function's 60 s: a message of many slow documents is still decided.
  maxDocumentMillis: 25_000,
});

/**
 * Header bytes over every part together, passed to the parser. Not a `MailLimits` field so the
 * contract stays unchanged; 1 MiB is far above any real message (SES itself refuses more than
 * a few hundred KB of headers).
 */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** Inline `message/rfc822` levels the parser descends into (also counted in `maxDepth`). */
export const MAX_RFC822_DEPTH = 10;

/** Archive entries listed per archive; beyond this the listing is reported as incomplete. */
export const MAX_ARCHIVE_ENTRIES = 1000;

/** Archive entries whose first bytes are read to detect executables and archives by content. */
export const MAX_ARCHIVE_PEEKS = 100;

/** Archive entries read whole so their text is scanned like an attachment's. */
export const MAX_ARCHIVE_READS = 100;

/** Uncompressed bytes read whole from one archive (also bounded by `maxDecodedBytes`). */
export const MAX_ARCHIVE_READ_BYTES = 50 * 1024 * 1024;

/** Bytes read from the start of each peeked archive entry. */
export const ARCHIVE_PEEK_BYTES = 512;

/** CSV rows kept in `csvRows`; the count in `csvDataRows` is exact. */
export const MAX_CSV_ROWS = 100_000;

/** Caller limits over the defaults; a missing, non-finite or negative value keeps the default. */
export function resolveLimits(overrides: Partial<MailLimits> = {}): MailLimits {
  const pick = (key: keyof MailLimits): number => {
    const value = overrides[key];
    return typeof value === 'number' && Number.isFinite(value) && value >= 0
      ? Math.floor(value)
      : DEFAULT_MAIL_LIMITS[key];
  };
  return {
    maxRawBytes: pick('maxRawBytes'),
    maxParts: pick('maxParts'),
    maxDepth: pick('maxDepth'),
    maxDecodedBytes: pick('maxDecodedBytes'),
    maxTextChars: pick('maxTextChars'),
    maxDocumentMillis: pick('maxDocumentMillis'),
  };
}
