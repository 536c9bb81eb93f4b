/**
 * The extract-text Lambda: given one PDF or DOCX file's bytes, answers its text. It reads
 * nothing and writes nothing but its logs, so the parsers (pdf.js, mammoth) run with no access
 * to mail or keys, and the pipeline's bundles do not carry them. Logs the kind, sizes and flags,
 * never the text or the request.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import type { DocumentTextExtractor } from '../../shared/mail/document-text.ts';
import {
  type ExtractTextResponse,
  extractTextRequest,
  LAMBDA_SYNC_PAYLOAD_BYTES,
} from '../../shared/mail/document-text-wire.ts';

export interface ExtractTextDependencies {
  readonly documents: DocumentTextExtractor;
  readonly logger: Pick<Logger, 'info'>;
}

/** The event is not a request this function answers; the message says which field is wrong. */
export class ExtractTextRequestError extends Error {
  override readonly name = 'ExtractTextRequestError';
}

/** Room left in the answer for its JSON around the text. */
const RESPONSE_ENVELOPE_BYTES = 1024;

export function createExtractTextHandler(deps: ExtractTextDependencies) {
  return async (event: unknown): Promise<ExtractTextResponse> => {
    const request = extractTextRequest.safeParse(event);
    if (!request.success) {
      // zod's messages name the field and what was expected, never the value given.
      throw new ExtractTextRequestError(
        `caveat extract-text: ${request.error.issues
          .map((issue) => `${issue.path.join('.') || '(event)'}: ${issue.message}`)
          .join('; ')}`,
      );
    }
    const { kind, document, maxTextChars, maxDecodedBytes } = request.data;
    const bytes = new Uint8Array(Buffer.from(document, 'base64'));
    const found = await deps.documents.extract(kind, bytes, { maxTextChars, maxDecodedBytes });
    const answer = withinPayload({ ...found, flags: [...found.flags] });
    deps.logger.info('document text extracted', {
      kind,
      bytes: bytes.byteLength,
      chars: answer.text?.length ?? 0,
      flags: answer.flags,
    });
    return answer;
  };
}

/**
 * Text cut so the answer fits Lambda's response limit: the character cap alone does not ensure
 * it, as a character can take up to six bytes of JSON.
 */
export function withinPayload(
  answer: ExtractTextResponse,
  maxBytes = LAMBDA_SYNC_PAYLOAD_BYTES - RESPONSE_ENVELOPE_BYTES,
): ExtractTextResponse {
  let { text } = answer;
  if (text === undefined) return answer;
  let size = Buffer.byteLength(JSON.stringify(text));
  if (size <= maxBytes) return answer;
  while (size > maxBytes) {
    text = text.slice(0, Math.floor((text.length * maxBytes) / size));
    size = Buffer.byteLength(JSON.stringify(text));
  }
  return { text, flags: [...new Set([...answer.flags, 'text-truncated' as const])] };
}
