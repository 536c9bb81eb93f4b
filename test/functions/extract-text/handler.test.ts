import { describe, expect, it } from 'vitest';
import {
  createExtractTextHandler,
  ExtractTextRequestError,
  withinPayload,
} from '../../../functions/extract-text/handler.ts';
import { inProcessDocumentText } from '../../../shared/mail/in-process-document-text.ts';
import { docxBytes, minimalPdf } from '../../mail/mime-builder.ts';

const SECRET = 'NINO QQ123456C for Sam Citizen';

function handlerWithLog() {
  const logged: unknown[] = [];
  const handler = createExtractTextHandler({
    documents: inProcessDocumentText,
    logger: { info: (...args: unknown[]) => logged.push(args) },
  });
  return { handler, logged };
}

const request = (kind: string, bytes: Uint8Array, overrides: Record<string, unknown> = {}) => ({
  kind,
  document: Buffer.from(bytes).toString('base64'),
  maxTextChars: 2_000_000,
  maxDecodedBytes: 100 * 1024 * 1024,
  ...overrides,
});

describe('Extract-text function', () => {
  it('answers the text of a PDF and of a DOCX, and logs sizes and flags, never the text', async () => {
    const { handler, logged } = handlerWithLog();
    const pdf = await handler(request('pdf', minimalPdf(SECRET)));
    expect(pdf.flags).toEqual([]);
    expect(pdf.text).toContain(SECRET);
    expect(await handler(request('docx', docxBytes(SECRET)))).toEqual({ text: SECRET, flags: [] });
    expect(logged).toHaveLength(2);
    expect(logged[1]).toEqual([
      'document text extracted',
      { kind: 'docx', bytes: docxBytes(SECRET).byteLength, chars: SECRET.length, flags: [] },
    ]);
    expect(JSON.stringify(logged)).not.toMatch(/QQ123456C|Sam Citizen/);
  });

  it('applies the caps it is sent', async () => {
    const { handler } = handlerWithLog();
    expect(await handler(request('docx', docxBytes(SECRET), { maxTextChars: 4 }))).toEqual({
      text: 'NINO',
      flags: ['text-truncated'],
    });
    expect(await handler(request('docx', docxBytes(SECRET), { maxDecodedBytes: 10 }))).toEqual({
      flags: ['extraction-failed'],
    });
  });

  it('answers extraction-failed for a file the parser cannot read', async () => {
    const { handler } = handlerWithLog();
    const garbage = new TextEncoder().encode('%PDF-1.7\n1 0 obj garbage');
    expect(await handler(request('pdf', garbage))).toEqual({ flags: ['extraction-failed'] });
  });

  it.each([
    ['an event that is not an object', 'a string', /\(event\): Invalid input: expected object/],
    [
      'an unknown kind',
      request('xlsx', new Uint8Array([1])),
      /kind: Invalid option: expected one of "pdf"\|"docx"/,
    ],
    [
      'a document that is not base64',
      request('pdf', new Uint8Array([1]), { document: 'not base64!' }),
      /document: Invalid base64/,
    ],
    [
      'a missing cap',
      { kind: 'pdf', document: '', maxDecodedBytes: 1 },
      /maxTextChars: Invalid input: expected number/,
    ],
    ['a negative cap', request('pdf', new Uint8Array([1]), { maxTextChars: -1 }), /maxTextChars: Too small/],
    [
      'a field it does not know',
      request('pdf', new Uint8Array([1]), { bucket: 'x' }),
      /Unrecognized key: "bucket"/,
    ],
  ])('refuses %s with an error naming the field', async (_, event, message) => {
    const { handler, logged } = handlerWithLog();
    const answer = handler(event);
    await expect(answer).rejects.toBeInstanceOf(ExtractTextRequestError);
    await expect(answer).rejects.toThrow(message);
    expect(logged).toEqual([]);
  });

  it('never quotes the value it refuses', async () => {
    const { handler } = handlerWithLog();
    await expect(handler(request('pdf', new Uint8Array([1]), { document: SECRET }))).rejects.toThrow(
      /^(?![\s\S]*QQ123456C)/,
    );
  });
});

describe('withinPayload', () => {
  it('cuts text whose JSON would not fit the response, and flags it', () => {
    // Three bytes of UTF-8 per character: 400 characters are 1,200 bytes.
    const answer = withinPayload({ text: '€'.repeat(400), flags: [] }, 600);
    expect(Buffer.byteLength(JSON.stringify(answer.text))).toBeLessThanOrEqual(600);
    expect(answer.text?.length).toBeGreaterThan(150);
    expect(answer.flags).toEqual(['text-truncated']);
  });

  it('leaves an answer that fits as it is', () => {
    const answer = { text: 'short', flags: ['text-truncated' as const] };
    expect(withinPayload(answer, 600)).toBe(answer);
    expect(withinPayload({ flags: ['extraction-failed'] }, 600)).toEqual({ flags: ['extraction-failed'] });
  });
});
