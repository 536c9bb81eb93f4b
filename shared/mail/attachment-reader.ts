import { createHash } from 'node:crypto';
import type { Attachment as ParsedAttachment } from 'postal-mime';
import { type ArchiveReadBudget, archiveReadBudget, inspectArchive } from './archive-inspector.ts';
import type { DocumentTextExtractor } from './document-text.ts';
import { detectFileKind, executableMagic, type FileKind } from './file-kind.ts';
import { readHeaderSection } from './header-section.ts';
import type { Attachment, AttachmentFlag, MailLimits, MailProblem } from './inbound-mail.ts';
import { extractText } from './text-extraction.ts';

/** One attachment read, with anything worth reporting about the message. */
export interface ReadAttachment {
  readonly attachment: Attachment;
  readonly problems: readonly MailProblem[];
}

function isMessage(declaredType: string, bytes: Uint8Array): boolean {
  return (
    (declaredType === 'message/rfc822' || declaredType === 'message/global') &&
    executableMagic(bytes) === undefined &&
    readHeaderSection(bytes, 64 * 1024).fields.length > 0
  );
}

/** Bytes of a parsed attachment, whatever form the parser returned them in. */
export function attachmentBytes(parsed: ParsedAttachment): Uint8Array {
  const { content } = parsed;
  if (typeof content === 'string') {
    return parsed.encoding === 'base64' ? Buffer.from(content, 'base64') : new TextEncoder().encode(content);
  }
  return content instanceof Uint8Array ? content : new Uint8Array(content);
}

/**
 * Reads one attachment: type from its bytes, executable and archive flags, text, and sha256.
 * PDF and DOCX text comes from `documents`. `index` (1-based) names it in problem details,
 * which never quote content or file names.
 */
export async function readAttachment(
  parsed: ParsedAttachment,
  bytes: Uint8Array,
  limits: MailLimits,
  documents: DocumentTextExtractor,
  index: number,
  budget: ArchiveReadBudget = archiveReadBudget(limits),
): Promise<ReadAttachment> {
  const declaredType = parsed.mimeType || 'application/octet-stream';
  // An attached message is expanded by the reader into its own attachments, so it is not
  // classified as a whole (its text would otherwise read as whatever its parts contain).
  const detected = isMessage(declaredType, bytes)
    ? { kind: 'other' as const, detectedType: 'message/rfc822', executable: false, textContent: undefined }
    : await detectFileKind(bytes, parsed.filename ?? undefined, declaredType);
  const describe = (archiveFlags?: readonly AttachmentFlag[]) =>
    describeFile(
      bytes,
      parsed.filename ?? undefined,
      declaredType,
      detected,
      limits,
      documents,
      archiveFlags,
    );
  if (detected.kind !== 'archive') return { attachment: await describe(), problems: [] };
  const readEntry = (entry: Uint8Array, name: string, maxTextChars: number) =>
    readArchiveEntry(entry, name, { ...limits, maxTextChars }, documents);
  const label = `attachment ${index}`;
  const found = await inspectArchive(bytes, detected.detectedType, limits, label, readEntry, budget);
  const archive = await describe(found.flags);
  const attachment = found.entries.length > 0 ? { ...archive, entries: found.entries } : archive;
  return { attachment, problems: found.problems };
}

/** An archive entry described like an attachment; an archive inside is not opened. */
export async function readArchiveEntry(
  bytes: Uint8Array,
  name: string,
  limits: MailLimits,
  documents: DocumentTextExtractor,
): Promise<Attachment> {
  const detected = await detectFileKind(bytes, name);
  return describeFile(bytes, name, 'application/octet-stream', detected, limits, documents);
}

async function describeFile(
  bytes: Uint8Array,
  filename: string | undefined,
  declaredType: string,
  detected: FileKind & { readonly textContent?: string },
  limits: MailLimits,
  documents: DocumentTextExtractor,
  archiveFlags: readonly AttachmentFlag[] = [],
): Promise<Attachment> {
  const flags = new Set<AttachmentFlag>(archiveFlags);
  if (detected.executable) flags.add('executable');
  const extracted = await extractText(detected.kind, bytes, detected.textContent, limits, documents);
  for (const flag of extracted.flags) flags.add(flag);
  const asText = extracted.notCsv === true;
  return {
    ...(filename ? { filename } : {}),
    declaredType,
    detectedType: asText ? 'text/plain' : detected.detectedType,
    kind: asText ? 'text' : detected.kind,
    sizeBytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(extracted.text !== undefined ? { text: extracted.text } : {}),
    ...(extracted.csvDataRows !== undefined ? { csvDataRows: extracted.csvDataRows } : {}),
    ...(extracted.csvRows !== undefined ? { csvRows: extracted.csvRows } : {}),
    flags: [...flags],
  };
}
