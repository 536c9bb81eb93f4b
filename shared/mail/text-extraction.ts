import { zipDeclaredBytes } from './archive-inspector.ts';
import { csvRecords } from './csv-records.ts';
import { htmlToText } from './html-text.ts';
import type { AttachmentFlag, AttachmentKind, MailLimits } from './inbound-mail.ts';
import { MAX_CSV_ROWS } from './limits.ts';

/** Text taken from one attachment. */
export interface ExtractedText {
  readonly text?: string;
  readonly csvDataRows?: number;
  readonly csvRows?: readonly string[];
  readonly flags: readonly AttachmentFlag[];
  /** Declared CSV whose content does not parse as CSV: it is plain text. */
  readonly notCsv?: boolean;
}

/**
 * Extracts text for text, CSV, HTML, PDF and DOCX attachments, capped at `maxTextChars`. Never
 * throws: a file that fails to parse gets `extraction-failed`. PDF and DOCX libraries are loaded
 * only when such a file arrives, to keep cold starts short.
 */
export async function extractText(
  kind: AttachmentKind,
  bytes: Uint8Array,
  decoded: string | undefined,
  limits: MailLimits,
): Promise<ExtractedText> {
  const max = limits.maxTextChars;
  try {
    switch (kind) {
      case 'text':
        return capped(decoded ?? '', max);
      case 'html': {
        const { text, truncated } = htmlToText(decoded ?? '', max);
        return { text, flags: truncated ? ['text-truncated'] : [] };
      }
      case 'csv':
        return csv(decoded ?? '', max);
      case 'pdf':
        return capped(await pdfText(bytes), max);
      case 'docx':
        return await docx(bytes, limits);
      default:
        return { flags: [] };
    }
  } catch {
    return { flags: ['extraction-failed'] };
  }
}

function capped(text: string, max: number): ExtractedText {
  return text.length > max ? { text: text.slice(0, max), flags: ['text-truncated'] } : { text, flags: [] };
}

function csv(text: string, max: number): ExtractedText {
  let records: string[];
  try {
    records = csvRecords(text);
  } catch {
    return { ...capped(text, max), notCsv: true };
  }
  if (records.length === 0) return { ...capped(text, max), notCsv: true };
  const rows: string[] = [];
  let chars = 0;
  let truncated = text.length > max;
  for (const raw of records.slice(1)) {
    const row = raw.replace(/[\r\n]+$/, '');
    if (rows.length >= MAX_CSV_ROWS || chars + row.length > max) {
      truncated = true;
      break;
    }
    rows.push(row);
    chars += row.length;
  }
  return {
    text: text.slice(0, max),
    csvDataRows: records.length - 1,
    csvRows: rows,
    flags: truncated ? ['text-truncated'] : [],
  };
}

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

async function docx(bytes: Uint8Array, limits: MailLimits): Promise<ExtractedText> {
  // The DOCX reader inflates whole entries, so a zip bomb dressed as a document is refused first.
  const declared = await zipDeclaredBytes(bytes);
  if (declared === undefined || declared > limits.maxDecodedBytes) return { flags: ['extraction-failed'] };
  const mammoth = (await import('mammoth')).default;
  const { value } = await mammoth.extractRawText({ buffer: Buffer.from(bytes) });
  return capped(value.trim(), limits.maxTextChars);
}
