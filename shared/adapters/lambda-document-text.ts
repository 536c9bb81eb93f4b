/**
 * PDF and DOCX text read by the extract-text function, invoked synchronously: the pipeline's
 * bundles carry no document parser. The document goes inline, so one too large for Lambda's
 * payload limit is not sent and comes back `contents-not-scanned`; any failure to get an answer
 * (an error, a timeout, an answer of the wrong shape) comes back `extraction-failed`, as a file
 * the parser could not read does. Either flag keeps the message from being treated as unscanned
 * OFFICIAL mail, and the message itself goes on through the pipeline.
 */
import { InvokeCommand, type InvokeCommandOutput, type LambdaClient } from '@aws-sdk/client-lambda';
import {
  cappedText,
  type DocumentKind,
  type DocumentText,
  type DocumentTextExtractor,
  type DocumentTextLimits,
} from '../mail/document-text.ts';
import {
  EXTRACT_TEXT_WAIT_MS,
  type ExtractTextRequest,
  extractTextResponse,
  MAX_INLINE_DOCUMENT_BYTES,
} from '../mail/document-text-wire.ts';

/** Why an invocation gave no text; never carries content. */
export type DocumentTextFailure =
  | { readonly reason: 'function-error'; readonly errorType: string }
  | { readonly reason: 'timeout' }
  | { readonly reason: 'invoke-failed'; readonly errorName: string }
  | { readonly reason: 'bad-response' };

export interface LambdaDocumentTextOptions {
  /**
   * How long to wait for an answer, retries included, before giving up on the file. Longer
   * than the function's own timeout, which then answers first with an error of its own.
   * @default EXTRACT_TEXT_WAIT_MS
   */
  readonly timeoutMs?: number;
  /** Told of each failed invocation (for a log line or a metric). @default nothing */
  readonly onFailure?: (failure: DocumentTextFailure) => void;
}

const FAILED: DocumentText = { flags: ['extraction-failed'] };

/** The invocation did not answer within `timeoutMs`. */
class InvocationTimeoutError extends Error {
  override readonly name = 'InvocationTimeoutError';
}

export class LambdaDocumentText implements DocumentTextExtractor {
  private readonly client: LambdaClient;
  private readonly functionName: string;
  private readonly timeoutMs: number;
  private readonly onFailure: (failure: DocumentTextFailure) => void;

  /** `functionName`: the extract-text function's name or ARN. */
  constructor(client: LambdaClient, functionName: string, options: LambdaDocumentTextOptions = {}) {
    this.client = client;
    this.functionName = functionName;
    this.timeoutMs = options.timeoutMs ?? EXTRACT_TEXT_WAIT_MS;
    this.onFailure = options.onFailure ?? (() => {});
  }

  async extract(kind: DocumentKind, bytes: Uint8Array, limits: DocumentTextLimits): Promise<DocumentText> {
    if (bytes.byteLength > MAX_INLINE_DOCUMENT_BYTES) return { flags: ['contents-not-scanned'] };
    const request: ExtractTextRequest = {
      kind,
      document: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      maxTextChars: limits.maxTextChars,
      maxDecodedBytes: limits.maxDecodedBytes,
    };
    let answer: InvokeCommandOutput;
    try {
      answer = await this.invoke(new TextEncoder().encode(JSON.stringify(request)));
    } catch (error) {
      this.onFailure(
        error instanceof InvocationTimeoutError
          ? { reason: 'timeout' }
          : { reason: 'invoke-failed', errorName: error instanceof Error ? error.name : typeof error },
      );
      return FAILED;
    }
    if (answer.FunctionError) {
      this.onFailure({ reason: 'function-error', errorType: errorType(answer.Payload) });
      return FAILED;
    }
    const found = extractTextResponse.safeParse(parseJson(answer.Payload));
    if (!found.success) {
      this.onFailure({ reason: 'bad-response' });
      return FAILED;
    }
    const { text, flags } = found.data;
    if (text === undefined) return { flags };
    // The function caps the text already; the pipeline holds it to the cap whatever it answers.
    const capped = cappedText(text, limits.maxTextChars);
    return { text: capped.text, flags: [...new Set([...flags, ...capped.flags])] };
  }

  /** Invokes the function, abandoning the call (and any retry) after `timeoutMs`. */
  private async invoke(payload: Uint8Array): Promise<InvokeCommandOutput> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new InvocationTimeoutError(`no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
    });
    try {
      return await Promise.race([
        this.client.send(
          new InvokeCommand({
            FunctionName: this.functionName,
            InvocationType: 'RequestResponse',
            Payload: payload,
          }),
          { abortSignal: abort.signal },
        ),
        timedOut,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }
}

function parseJson(payload: Uint8Array | undefined): unknown {
  if (!payload) return undefined;
  try {
    return JSON.parse(new TextDecoder().decode(payload));
  } catch {
    return undefined;
  }
}

/** Lambda's error answer names the error type (`Sandbox.Timedout`, a handler's error class). */
function errorType(payload: Uint8Array | undefined): string {
  const body = parseJson(payload);
  const type = body && typeof body === 'object' ? (body as { errorType?: unknown }).errorType : undefined;
  return typeof type === 'string' && /^[\w.:-]{1,100}$/.test(type) ? type : 'Unknown';
}
