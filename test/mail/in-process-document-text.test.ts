import { describe, expect, it } from 'vitest';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import { DEFAULT_MAIL_LIMITS } from '../../shared/mail/limits.ts';
import { docxBytes, minimalPdf } from './mime-builder.ts';

const limits = { maxTextChars: DEFAULT_MAIL_LIMITS.maxTextChars, maxDecodedBytes: 1024 * 1024 };
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('inProcessDocumentText', () => {
  it('reads the text of a PDF and of a DOCX', async () => {
    const pdf = await inProcessDocumentText.extract('pdf', minimalPdf('Quarterly caseload report'), limits);
    expect(pdf.flags).toEqual([]);
    expect(pdf.text).toContain('Quarterly caseload report');
    expect(await inProcessDocumentText.extract('docx', docxBytes('Dear resident'), limits)).toEqual({
      text: 'Dear resident',
      flags: [],
    });
  });

  it('caps the text and flags it', async () => {
    const docx = await inProcessDocumentText.extract('docx', docxBytes('a'.repeat(50)), {
      ...limits,
      maxTextChars: 20,
    });
    expect(docx).toEqual({ text: 'a'.repeat(20), flags: ['text-truncated'] });
  });

  it('flags a corrupt PDF or DOCX as extraction-failed', async () => {
    expect(await inProcessDocumentText.extract('pdf', text('%PDF-1.7\n1 0 obj garbage'), limits)).toEqual({
      flags: ['extraction-failed'],
    });
    expect(await inProcessDocumentText.extract('docx', docxBytes('x').slice(0, 60), limits)).toEqual({
      flags: ['extraction-failed'],
    });
  });

  it('refuses a DOCX whose entries declare more than the decoded-bytes cap, before inflating it', async () => {
    const docx = docxBytes('x'.repeat(2000));
    expect(await inProcessDocumentText.extract('docx', docx, { ...limits, maxDecodedBytes: 500 })).toEqual({
      flags: ['extraction-failed'],
    });
  });
});
