import { describe, expect, it } from 'vitest';
import type { DocumentTextExtractor } from '../../shared/mail/document-text.ts';
import type { AttachmentKind, MailLimits } from '../../shared/mail/inbound-mail.ts';
import { DEFAULT_MAIL_LIMITS } from '../../shared/mail/limits.ts';
import { extractText as extract } from '../../shared/mail/text-extraction.ts';

const none = new Uint8Array(0);
/** Text, CSV and HTML never reach the document extractor. */
const noDocuments: DocumentTextExtractor = {
  extract: async () => {
    throw new Error('not a document');
  },
};
const extractText = (
  kind: AttachmentKind,
  bytes: Uint8Array,
  decoded: string | undefined,
  limits: MailLimits,
) => extract(kind, bytes, decoded, limits, noDocuments);

describe('text extraction', () => {
  it('counts CSV data rows without the header and keeps quoted commas', async () => {
    const csv = 'ref,name\r\n1,"Khan, A"\r\n2,"Jones, B"\r\n';
    expect(await extractText('csv', none, csv, DEFAULT_MAIL_LIMITS)).toMatchObject({
      csvDataRows: 2,
      csvRows: ['1,"Khan, A"', '2,"Jones, B"'],
      flags: [],
    });
  });

  it('treats unparseable CSV as plain text', async () => {
    const result = await extractText('csv', none, 'a,"b\nc', DEFAULT_MAIL_LIMITS);
    expect(result.notCsv).toBe(true);
    expect(result.csvDataRows).toBeUndefined();
  });

  it('keeps the CSV row count exact when rows are capped', async () => {
    const csv = `h\n${'row\n'.repeat(50)}`;
    const result = await extractText('csv', none, csv, { ...DEFAULT_MAIL_LIMITS, maxTextChars: 30 });
    expect(result.csvDataRows).toBe(50);
    expect(result.csvRows?.length).toBeLessThan(50);
    expect(result.flags).toEqual(['text-truncated']);
  });

  it('returns no text for kinds it does not read', async () => {
    expect(await extractText('image', new Uint8Array([1, 2]), undefined, DEFAULT_MAIL_LIMITS)).toEqual({
      flags: [],
    });
  });
});
