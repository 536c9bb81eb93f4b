import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import {
  decodeText,
  executableMagic,
  isArchiveName,
  isExecutableName,
  looksLikeScript,
} from './file-kind.ts';
import type { Attachment, AttachmentFlag, MailLimits, MailProblem } from './inbound-mail.ts';
import {
  ARCHIVE_PEEK_BYTES,
  MAX_ARCHIVE_ENTRIES,
  MAX_ARCHIVE_PEEKS,
  MAX_ARCHIVE_READ_BYTES,
  MAX_ARCHIVE_READS,
} from './limits.ts';

/** What looking inside an archive found. */
export interface ArchiveFindings {
  readonly flags: readonly AttachmentFlag[];
  readonly problems: readonly MailProblem[];
  /** Entries read in full, each described as an attachment of its own (type, flags, text). */
  readonly entries: readonly Attachment[];
}

/**
 * Describes one archive entry's bytes as an attachment, its text capped at `maxTextChars`;
 * never inspects archives itself.
 */
export type EntryReader = (bytes: Uint8Array, name: string, maxTextChars: number) => Promise<Attachment>;

/**
 * What may still be read from inside archives in one message: inflated bytes and kept text.
 * Shared by every archive of the message, since compression lets small attachments carry far
 * more than their size.
 */
export interface ArchiveReadBudget {
  bytes: number;
  chars: number;
}

export function archiveReadBudget(limits: MailLimits): ArchiveReadBudget {
  return { bytes: Math.min(limits.maxDecodedBytes, MAX_ARCHIVE_READ_BYTES), chars: limits.maxTextChars };
}

const ZIP_ENCRYPTED_BIT = 0x0001;
const STORED = 0;
const DEFLATED = 8;

/** Flags an entry passes up to its archive: what makes the archive's own reading incomplete. */
const INHERITED_FLAGS: readonly AttachmentFlag[] = ['executable', 'extraction-failed', 'text-truncated'];

/**
 * Looks inside an archive within caps. Zip is listed in full (names, encryption bit, declared
 * sizes); up to {@link MAX_ARCHIVE_READS} entries within the message's `budget` are read
 * whole and described by `readEntry`, so their text is scanned like an attachment's, and the
 * first bytes of others are peeked at for executables and archives. RAR and 7z cannot be listed
 * without their decompressors, so only their encryption markers are read (best effort, see
 * `docs/mail.md`). Whatever is left unread flags the archive `contents-not-scanned`. `label`
 * names the attachment in problem details.
 */
export async function inspectArchive(
  bytes: Uint8Array,
  detectedType: string,
  limits: MailLimits,
  label: string,
  readEntry: EntryReader,
  budget: ArchiveReadBudget = archiveReadBudget(limits),
): Promise<ArchiveFindings> {
  const unread = (encrypted: boolean): ArchiveFindings => ({
    flags: encrypted ? ['contents-not-scanned', 'encrypted-archive'] : ['contents-not-scanned'],
    problems: [],
    entries: [],
  });
  switch (detectedType) {
    case 'application/zip':
      return inspectZip(bytes, limits, label, readEntry, budget);
    case 'application/x-rar-compressed':
    case 'application/vnd.rar':
      return unread(rarEncrypted(bytes));
    case 'application/x-7z-compressed':
      return unread(sevenZipEncrypted(bytes));
    default:
      return unread(false);
  }
}

/** Magic numbers of archives, for entries inside an archive. */
export function isArchiveMagic(b: Uint8Array): boolean {
  const starts = (...sig: number[]): boolean => sig.every((v, i) => b[i] === v);
  return (
    starts(0x50, 0x4b, 0x03, 0x04) ||
    starts(0x50, 0x4b, 0x05, 0x06) ||
    starts(0x52, 0x61, 0x72, 0x21, 0x1a, 0x07) ||
    starts(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c) ||
    starts(0x1f, 0x8b) ||
    starts(0x42, 0x5a, 0x68) ||
    starts(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00) ||
    starts(0x4d, 0x53, 0x43, 0x46)
  );
}

async function inspectZip(
  bytes: Uint8Array,
  limits: MailLimits,
  label: string,
  readEntry: EntryReader,
  budget: ArchiveReadBudget,
): Promise<ArchiveFindings> {
  const flags = new Set<AttachmentFlag>();
  const problems: MailProblem[] = [];
  const entries: Attachment[] = [];
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      lazyEntries: true,
      decodeStrings: true,
      validateEntrySizes: true,
    });
  } catch {
    // No readable central directory: nothing inside can be vouched for.
    return { flags: ['contents-not-scanned', 'extraction-failed'], problems, entries };
  }

  let listed = 0;
  let peeks = 0;
  let declaredBytes = 0;
  let unscanned = false;
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      listed++;
      if (listed > MAX_ARCHIVE_ENTRIES) {
        unscanned = true;
        problems.push({
          code: 'PART_LIMIT',
          detail: `${label}: archive has more than ${MAX_ARCHIVE_ENTRIES} entries; only the first ${MAX_ARCHIVE_ENTRIES} were inspected`,
        });
        break;
      }
      if (entry.fileName.endsWith('/')) continue;
      declaredBytes += entry.uncompressedSize;
      const encrypted = (entry.generalPurposeBitFlag & ZIP_ENCRYPTED_BIT) !== 0;
      if (encrypted) flags.add('encrypted-archive');
      if (isExecutableName(entry.fileName)) flags.add('executable');
      if (isArchiveName(entry.fileName)) flags.add('nested-archive');
      const inflatable = entry.compressionMethod === STORED || entry.compressionMethod === DEFLATED;
      if (encrypted || !inflatable) {
        unscanned = true;
        continue;
      }
      const readable =
        entries.length < MAX_ARCHIVE_READS && entry.uncompressedSize <= budget.bytes && budget.chars > 0;
      if (readable) {
        budget.bytes -= entry.uncompressedSize;
        const whole = await readWhole(zip, entry);
        if (!whole) {
          flags.add('extraction-failed');
          unscanned = true;
          continue;
        }
        const file = await readEntry(whole, entry.fileName, budget.chars);
        budget.chars -= keptChars(file);
        if (file.kind === 'archive') {
          // One level only: an archive inside is listed by name, never opened.
          flags.add('nested-archive');
          unscanned = true;
          continue;
        }
        for (const flag of file.flags) if (INHERITED_FLAGS.includes(flag)) flags.add(flag);
        entries.push(file);
        continue;
      }
      unscanned = true;
      if (peeks < MAX_ARCHIVE_PEEKS) {
        peeks++;
        const head = await readHead(zip, entry);
        if (head) {
          if (executableMagic(head)) flags.add('executable');
          else if (isArchiveMagic(head)) flags.add('nested-archive');
          else {
            const text = decodeText(head);
            if (text !== undefined && looksLikeScript(text)) flags.add('executable');
          }
        }
      }
    }
  } catch {
    flags.add('extraction-failed');
    unscanned = true;
  } finally {
    zip.close();
  }
  if (declaredBytes > limits.maxDecodedBytes) {
    problems.push({
      code: 'DECODED_LIMIT',
      detail: `${label}: archive entries declare ${declaredBytes} bytes uncompressed, over the ${limits.maxDecodedBytes}-byte limit; entries past the read budget were not inflated beyond their first ${ARCHIVE_PEEK_BYTES} bytes`,
    });
  }
  if (unscanned) flags.add('contents-not-scanned');
  return { flags: [...flags], problems, entries };
}

function keptChars(file: Attachment): number {
  return (file.text?.length ?? 0) + (file.csvRows ?? []).reduce((n, row) => n + row.length, 0);
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (err: Error): void => {
      cleanup();
      reject(err);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/** First bytes of an entry; reading stops there, so a zip bomb is never inflated. */
function readHead(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array | undefined> {
  return readEntryBytes(zip, entry, ARCHIVE_PEEK_BYTES);
}

/**
 * A whole entry. yauzl checks the inflated size against the declared one as it streams
 * (`validateEntrySizes`), so an entry cannot inflate past what the budget allowed for.
 */
function readWhole(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Uint8Array | undefined> {
  return readEntryBytes(zip, entry, entry.uncompressedSize);
}

async function readEntryBytes(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limit: number,
): Promise<Uint8Array | undefined> {
  let stream: Readable | undefined;
  try {
    stream = await zip.openReadStreamPromise(entry);
    const chunks: Buffer[] = [];
    let length = 0;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      length += (chunk as Buffer).length;
      if (length >= limit) break;
    }
    return Buffer.concat(chunks).subarray(0, limit);
  } catch {
    return undefined;
  } finally {
    stream?.destroy();
  }
}

/**
 * RAR encryption, best effort. RAR 4: main header flag 0x0080 (encrypted headers) or the first
 * file header's flag 0x0004 (password). RAR 5: an archive encryption header (type 4) first.
 * Entries encrypted without encrypted headers in RAR 5 are not detected.
 */
export function rarEncrypted(b: Uint8Array): boolean {
  if (b.length < 12) return false;
  if (b[6] === 0x00) {
    // RAR 4: blocks are CRC(2) TYPE(1) FLAGS(2) SIZE(2)
    const mainType = b[9];
    const mainFlags = b[10]! | (b[11]! << 8);
    if (mainType === 0x73 && (mainFlags & 0x0080) !== 0) return true;
    const mainSize = b[12]! | (b[13]! << 8);
    const file = 7 + mainSize;
    return b[file + 2] === 0x74 && ((b[file + 3]! | (b[file + 4]! << 8)) & 0x0004) !== 0;
  }
  if (b[6] === 0x01 && b[7] === 0x00) {
    // RAR 5: CRC32(4), then header size and header type as vints
    let i = 12;
    while (i < b.length && (b[i]! & 0x80) !== 0) i++;
    return b[i + 1] === 0x04;
  }
  return false;
}

/**
 * 7z encryption, best effort: the AES-256 + SHA-256 coder id (06 F1 07 01) in the end header,
 * which 7-Zip writes for encrypted contents and for encrypted file names.
 */
export function sevenZipEncrypted(b: Uint8Array): boolean {
  if (b.length < 32) return false;
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const offset = Number(view.getBigUint64(12, true));
  const size = Number(view.getBigUint64(20, true));
  const start = 32 + offset;
  const region = start < b.length ? b.subarray(start, Math.min(b.length, start + size)) : b.subarray(32);
  // The coder list of an encoded header sits in the header itself; scan it for the AES id.
  for (let i = 0; i + 3 < region.length; i++) {
    if (region[i] === 0x06 && region[i + 1] === 0xf1 && region[i + 2] === 0x07 && region[i + 3] === 0x01)
      return true;
  }
  return false;
}

/** Total uncompressed size a zip's central directory declares, or undefined when unreadable. */
export async function zipDeclaredBytes(bytes: Uint8Array): Promise<number | undefined> {
  let zip: yauzl.ZipFile | undefined;
  try {
    zip = await yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), {
      lazyEntries: true,
      decodeStrings: false,
    });
    let total = 0;
    let entries = 0;
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry || ++entries > MAX_ARCHIVE_ENTRIES) break;
      total += entry.uncompressedSize;
    }
    return total;
  } catch {
    return undefined;
  } finally {
    zip?.close();
  }
}
