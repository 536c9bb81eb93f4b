import {
  InvokeCommand,
  type InvokeCommandInput,
  type InvokeCommandOutput,
  LambdaClient,
  ResourceNotFoundException,
  TooManyRequestsException,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { type DocumentTextFailure, LambdaDocumentText } from '../../shared/adapters/lambda-document-text.ts';
import {
  LAMBDA_SYNC_PAYLOAD_BYTES,
  MAX_INLINE_DOCUMENT_BYTES,
} from '../../shared/mail/document-text-wire.ts';

const FUNCTION = 'arn:aws:lambda:eu-west-2:123456789012:function:caveat-extract-text';
const LIMITS = { maxTextChars: 100, maxDecodedBytes: 1000 };
const lambda = mockClient(LambdaClient);
/** A payload as the SDK returns it: bytes (its blob adapter adds only string helpers the adapter does not use). */
const bytes = (text: string) => new TextEncoder().encode(text) as InvokeCommandOutput['Payload'];
const json = (value: unknown) => bytes(JSON.stringify(value));

function extractor(timeoutMs?: number) {
  const failures: DocumentTextFailure[] = [];
  const documents = new LambdaDocumentText(new LambdaClient({ region: 'eu-west-2' }), FUNCTION, {
    ...(timeoutMs ? { timeoutMs } : {}),
    onFailure: (failure) => failures.push(failure),
  });
  return { documents, failures };
}

afterEach(() => {
  lambda.reset();
});

describe('LambdaDocumentText', () => {
  it('sends the document inline with the caps, and answers the function’s text', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: json({ text: 'page one', flags: [] }) });
    const { documents, failures } = extractor();
    const bytes = new Uint8Array([37, 80, 68, 70, 0, 255]);
    expect(await documents.extract('pdf', bytes, LIMITS)).toEqual({ text: 'page one', flags: [] });
    const [call] = lambda.commandCalls(InvokeCommand);
    const input = call?.args[0].input as InvokeCommandInput;
    expect(input).toMatchObject({ FunctionName: FUNCTION, InvocationType: 'RequestResponse' });
    expect(JSON.parse(new TextDecoder().decode(input.Payload as Uint8Array))).toEqual({
      kind: 'pdf',
      document: Buffer.from(bytes).toString('base64'),
      maxTextChars: 100,
      maxDecodedBytes: 1000,
    });
    expect(failures).toEqual([]);
  });

  it('passes on the function’s flags, and holds its text to the cap', async () => {
    lambda
      .on(InvokeCommand)
      .resolvesOnce({ Payload: json({ flags: ['extraction-failed'] }) })
      .resolvesOnce({ Payload: json({ text: 'x'.repeat(150), flags: [] }) });
    const { documents } = extractor();
    expect(await documents.extract('docx', new Uint8Array([1]), LIMITS)).toEqual({
      flags: ['extraction-failed'],
    });
    expect(await documents.extract('docx', new Uint8Array([1]), LIMITS)).toEqual({
      text: 'x'.repeat(100),
      flags: ['text-truncated'],
    });
  });

  it('does not send a document too large for the request, and flags it contents-not-scanned', async () => {
    const { documents, failures } = extractor();
    const largest = new Uint8Array(MAX_INLINE_DOCUMENT_BYTES);
    lambda.on(InvokeCommand).resolves({ Payload: json({ text: '', flags: [] }) });
    expect(await documents.extract('pdf', new Uint8Array(MAX_INLINE_DOCUMENT_BYTES + 1), LIMITS)).toEqual({
      flags: ['contents-not-scanned'],
    });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(0);
    // The largest document that is sent still fits Lambda's request limit.
    expect(await documents.extract('pdf', largest, LIMITS)).toEqual({ text: '', flags: [] });
    const sent = lambda.commandCalls(InvokeCommand)[0]?.args[0].input.Payload as Uint8Array;
    expect(sent.byteLength).toBeLessThanOrEqual(LAMBDA_SYNC_PAYLOAD_BYTES);
    expect(failures).toEqual([]);
  });

  it.each([
    ['a handler error', 'ExtractTextRequestError', 'caveat extract-text: kind: …'],
    ['the function’s own timeout', 'Sandbox.Timedout', 'Task timed out after 20.00 seconds'],
  ])('turns %s into extraction-failed, naming only its type', async (_, errorType, errorMessage) => {
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: json({ errorType, errorMessage }),
    });
    const { documents, failures } = extractor();
    expect(await documents.extract('pdf', new Uint8Array([1]), LIMITS)).toEqual({
      flags: ['extraction-failed'],
    });
    expect(failures).toEqual([{ reason: 'function-error', errorType }]);
  });

  it('gives up on an invocation that does not answer in time, as extraction-failed', async () => {
    lambda.on(InvokeCommand).callsFake(() => new Promise(() => {}));
    const { documents, failures } = extractor(50);
    expect(await documents.extract('pdf', new Uint8Array([1]), LIMITS)).toEqual({
      flags: ['extraction-failed'],
    });
    expect(failures).toEqual([{ reason: 'timeout' }]);
  });

  it.each([
    ['a missing function', new ResourceNotFoundException({ message: 'Function not found', $metadata: {} })],
    ['throttling', new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} })],
  ])('turns %s into extraction-failed', async (_, error) => {
    lambda.on(InvokeCommand).rejects(error);
    const { documents, failures } = extractor();
    expect(await documents.extract('docx', new Uint8Array([1]), LIMITS)).toEqual({
      flags: ['extraction-failed'],
    });
    expect(failures).toEqual([{ reason: 'invoke-failed', errorName: error.name }]);
  });

  it.each([
    ['no payload', undefined],
    ['a payload that is not JSON', bytes('{"text":')],
    ['an answer of the wrong shape', json({ text: 42, flags: [] })],
    ['a flag the reader does not know', json({ flags: ['looks-fine'] })],
  ])('turns %s into extraction-failed', async (_, Payload) => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, ...(Payload ? { Payload } : {}) });
    const { documents, failures } = extractor();
    expect(await documents.extract('pdf', new Uint8Array([1]), LIMITS)).toEqual({
      flags: ['extraction-failed'],
    });
    expect(failures).toEqual([{ reason: 'bad-response' }]);
  });
});
