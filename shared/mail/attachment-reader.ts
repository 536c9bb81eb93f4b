import { createHash } from 'node:crypto';
import type { Attachment as ParsedAttachment } from 'postal-mime';
import { inspectArchive } from './archive-inspector.ts';
import { detectFileKind, executableMagic } from './file-kind.ts';
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
 * `index` (1-based) names it in problem details, which never quote content or file names.
 */
export async function readAttachment(
  parsed: ParsedAttachment,
  bytes: Uint8Array,
  limits: MailLimits,
  index: number,
): Promise<ReadAttachment> {
  const filename = parsed.filename ?? undefined;
  const declaredType = parsed.mimeType || 'application/octet-stream';
  // An attached message is expanded by the reader into its own attachments, so it is not
  // classified as a whole (its text would otherwise read as whatever its parts contain).
  const detected = isMessage(declaredType, bytes)
    ? { kind: 'other' as const, detectedType: 'message/rfc822', executable: false, textContent: undefined }
    : await detectFileKind(bytes, filename, declaredType);
  const flags = new Set<AttachmentFlag>();
  if (detected.executable) flags.add('executable');

  let kind = detected.kind;
  let detectedType = detected.detectedType;
  const problems: MailProblem[] = [];
  if (kind === 'archive') {
    // Entry names and first bytes are checked below; what the entries say is never read.
    flags.add('contents-not-scanned');
    const found = await inspectArchive(bytes, detectedType, limits, `attachment ${index}`);
    for (const flag of found.flags) flags.add(flag);
    problems.push(...found.problems);
  }

  const extracted = await extractText(kind, bytes, detected.textContent, limits);
  for (const flag of extracted.flags) flags.add(flag);
  if (extracted.notCsv) {
    kind = 'text';
    detectedType = 'text/plain';
  }

  const attachment: Attachment = {
    ...(filename ? { filename } : {}),
    declaredType,
    detectedType,
    kind,
    sizeBytes: bytes.byteLength,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    ...(extracted.text !== undefined ? { text: extracted.text } : {}),
    ...(extracted.csvDataRows !== undefined ? { csvDataRows: extracted.csvDataRows } : {}),
    ...(extracted.csvRows !== undefined ? { csvRows: extracted.csvRows } : {}),
    flags: [...flags],
  };
  return { attachment, problems };
}
