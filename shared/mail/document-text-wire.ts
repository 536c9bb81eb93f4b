/**
 * What the extract-text function is sent and answers, as JSON: the document's bytes base64
 * inline (the function reads nothing and writes nothing), and its text with the flags the
 * reader knows. The pipeline's adapter and the function's handler both validate against these.
 */

import * as z from 'zod/mini';
import '../validation/english-messages.ts';
import { DOCUMENT_KINDS, DOCUMENT_TEXT_FLAGS } from './document-text.ts';
import { DEFAULT_MAIL_LIMITS } from './limits.ts';

/** Lambda's limit on a synchronous invocation's request, and on its response (6 MB each). */
export const LAMBDA_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** Room for the request's JSON around the document: field names, kind and limits. */
const REQUEST_ENVELOPE_BYTES = 1024;

/**
 * The largest document sent: base64 takes 4 bytes per 3, and with the envelope the request
 * stays under the payload limit. About 4.5 MiB; a larger document is not sent at all.
 */
export const MAX_INLINE_DOCUMENT_BYTES =
  Math.floor((LAMBDA_SYNC_PAYLOAD_BYTES - REQUEST_ENVELOPE_BYTES) / 4) * 3;

/**
 * How long the pipeline waits for one document's text. The function's timeout is kept below it
 * (infra/constructs/extract-text-function.ts), and the ingest function's well above it.
 */
export const EXTRACT_TEXT_WAIT_MS = 25_000;

/**
 * The longest a message's documents take to read: sent for up to `maxDocumentMillis`, the last
 * one answering within `EXTRACT_TEXT_WAIT_MS`. The ingest function's timeout must exceed it.
 */
export const MESSAGE_DOCUMENTS_MAX_MS = DEFAULT_MAIL_LIMITS.maxDocumentMillis + EXTRACT_TEXT_WAIT_MS;

const count = z.number().check(z.int(), z.nonnegative());

export const extractTextRequest = z.strictObject({
  kind: z.enum(DOCUMENT_KINDS),
  /** The file's bytes, base64. */
  document: z.base64(),
  maxTextChars: count,
  maxDecodedBytes: count,
});
export type ExtractTextRequest = z.infer<typeof extractTextRequest>;

export const extractTextResponse = z.strictObject({
  text: z.optional(z.string()),
  flags: z.array(z.enum(DOCUMENT_TEXT_FLAGS)),
});
export type ExtractTextResponse = z.infer<typeof extractTextResponse>;
