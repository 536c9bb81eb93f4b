import { csvRecords } from './csv-records.ts';
import type { DocumentTextExtractor } from './document-text.ts';
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
 * Extracts text for text, CSV, HTML, PDF and DOCX attachments, capped at `maxTextChars`; PDF and
 * DOCX through `documents`. Never throws: a file that fails to parse gets `extraction-failed`.
 */
export async function extractText(
  kind: AttachmentKind,
  bytes: Uint8Array,
  decoded: string | undefined,
  limits: MailLimits,
  documents: DocumentTextExtractor,
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
      case 'docx':
        return withinCap(await documents.extract(kind, bytes, limits), max);
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

/** The port promises the cap; the reader holds any extractor to it. */
function withinCap(found: ExtractedText, max: number): ExtractedText {
  if (found.text === undefined || found.text.length <= max) return found;
  return { text: found.text.slice(0, max), flags: [...new Set([...found.flags, 'text-truncated' as const])] };
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
