/**
 * PDF and DOCX text read in this process, with unpdf (pdf.js) and mammoth. Used by the
 * extract-text function, and directly by the CLI, the local stack, the benches and the tests.
 * Nothing a pipeline function's entry imports may import this module: it would put the parsers
 * back into that bundle.
 */
import { zipDeclaredBytes } from './archive-inspector.ts';
import {
  cappedText,
  type DocumentKind,
  type DocumentText,
  type DocumentTextExtractor,
  type DocumentTextLimits,
} from './document-text.ts';

/** The libraries are loaded only when such a file arrives, to keep cold starts short. */
export const inProcessDocumentText: DocumentTextExtractor = {
  async extract(kind: DocumentKind, bytes: Uint8Array, limits: DocumentTextLimits): Promise<DocumentText> {
    try {
      return kind === 'pdf'
        ? cappedText(await pdfText(bytes), limits.maxTextChars)
        : await docx(bytes, limits);
    } catch {
      return { flags: ['extraction-failed'] };
    }
  },
};

async function pdfText(bytes: Uint8Array): Promise<string> {
  const { extractText: pdfExtract, getDocumentProxy } = await import('unpdf');
  // pdf.js may transfer the buffer it is given, so it gets a copy.
  const pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0 });
  try {
    const { text } = await pdfExtract(pdf, { mergePages: true });
    return text;
  } finally {
    // Frees the worker-side document; not in unpdf's published types.
    await (pdf as unknown as { destroy?: () => Promise<void> }).destroy?.();
  }
}

async function docx(bytes: Uint8Array, limits: DocumentTextLimits): Promise<DocumentText> {
  // The DOCX reader inflates whole entries, so a zip bomb dressed as a document is refused first.
  const declared = await zipDeclaredBytes(bytes);
  if (declared === undefined || declared > limits.maxDecodedBytes) return { flags: ['extraction-failed'] };
  const mammoth = (await import('mammoth')).default;
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return cappedText(value.trim(), limits.maxTextChars);
}
