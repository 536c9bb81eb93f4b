import PostalMime, { addressParser, type Email, type Attachment as ParsedAttachment } from 'postal-mime';
import { archiveReadBudget } from './archive-inspector.ts';
import { attachmentBytes, readAttachment } from './attachment-reader.ts';
import { isKnownCharset } from './charset.ts';
import { type DocumentTextExtractor, withinTimeBudget } from './document-text.ts';
import { countFields, type HeaderSection, readHeaderSection } from './header-section.ts';
import { htmlToText } from './html-text.ts';
import type {
  Attachment,
  InboundMail,
  MailAddress,
  MailLimits,
  MailProblem,
  MailReadOutcome,
  SesVerdicts,
  UnreadableReason,
} from './inbound-mail.ts';
import { MAX_HEADER_BYTES, MAX_RFC822_DEPTH, resolveLimits } from './limits.ts';
import { scanMimeStructure } from './mime-structure.ts';
import { readSesVerdicts, UNKNOWN_VERDICTS } from './ses-headers.ts';

export { DEFAULT_MAIL_LIMITS } from './limits.ts';

/** Raised inside the reader to stop at a cap; turned into an unreadable outcome, never thrown out. */
class UnreadableMailError extends Error {
  readonly reason: UnreadableReason;
  constructor(reason: UnreadableReason, detail: string) {
    super(detail);
    this.name = 'UnreadableMailError';
    this.reason = reason;
  }
}

/**
 * Reads one raw message as SES stored it. Never throws and never changes `raw`: a message that
 * cannot be read safely gives `readable: false` with the cap or fault in `detail`, and SES's
 * verdicts whenever the top-level header section could be read. PDF and DOCX attachments are
 * read through `documents`.
 */
export async function readMail(
  raw: Uint8Array,
  documents: DocumentTextExtractor,
  limits?: Partial<MailLimits>,
): Promise<MailReadOutcome> {
  const sizeBytes = raw instanceof Uint8Array ? raw.byteLength : 0;
  let verdicts: SesVerdicts = UNKNOWN_VERDICTS;
  try {
    if (!(raw instanceof Uint8Array)) throw new UnreadableMailError('NOT_MIME', 'input is not a byte array');
    const caps = resolveLimits(limits);
    const section = readHeaderSection(raw);
    verdicts = readSesVerdicts(section.fields);
    const mail = await read(raw, caps, documents, section, verdicts);
    return { readable: true, mail };
  } catch (error) {
    const { reason, detail } =
      error instanceof UnreadableMailError
        ? { reason: error.reason, detail: error.message }
        : { reason: 'PARSE_ERROR' as const, detail: `parser failed (${errorName(error)})` };
    return { readable: false, reason, detail, sizeBytes, verdicts };
  }
}

async function read(
  raw: Uint8Array,
  limits: MailLimits,
  documents: DocumentTextExtractor,
  section: HeaderSection,
  verdicts: SesVerdicts,
): Promise<InboundMail> {
  if (raw.byteLength > limits.maxRawBytes) {
    throw new UnreadableMailError(
      'TOO_LARGE',
      `message is ${raw.byteLength} bytes, over the ${limits.maxRawBytes}-byte limit`,
    );
  }
  if (raw.byteLength === 0) throw new UnreadableMailError('NOT_MIME', 'message is empty');
  if (section.fields.length === 0) {
    throw new UnreadableMailError('NOT_MIME', 'no header section: the first line is not a header field');
  }
  if (section.exceeded) {
    throw new UnreadableMailError('TOO_LARGE', `top-level header section exceeds ${MAX_HEADER_BYTES} bytes`);
  }

  const tree = await parseTree(raw, limits, 0, { parts: limits.maxParts, decoded: limits.maxDecodedBytes });
  const problems: MailProblem[] = [...tree.problems];
  if (section.malformedLines > 0) {
    problems.push({
      code: 'MALFORMED_HEADER',
      detail: `${section.malformedLines} top-level header line(s) are neither a field nor a continuation`,
    });
  }

  const attachments: Attachment[] = [];
  const archiveBudget = archiveReadBudget(limits);
  const messageDocuments = withinTimeBudget(documents, limits.maxDocumentMillis);
  for (const [i, item] of tree.attachments.entries()) {
    const read = await readAttachment(
      item.parsed,
      item.bytes,
      limits,
      messageDocuments,
      i + 1,
      archiveBudget,
    );
    attachments.push(read.attachment);
    problems.push(...read.problems);
  }

  const { email } = tree;
  const html = email.html ? htmlToText(email.html, limits.maxTextChars) : undefined;
  const text = email.text ?? html?.text ?? '';
  if (!text.trim() && !html?.text && attachments.length === 0) {
    problems.push({
      code: 'NO_BODY',
      detail: section.terminated ? 'message has no text, HTML or attachments' : 'message has headers only',
    });
  }

  return {
    ...(email.messageId ? { messageId: email.messageId } : {}),
    from: section.fields.filter((f) => f.key === 'from').flatMap((f) => mailboxes(f.value)),
    fromHeaderCount: countFields(section, 'from'),
    to: flatten(email.to),
    cc: flatten(email.cc),
    subject: email.subject ?? '',
    ...(email.date ? { date: email.date } : {}),
    text,
    ...(html ? { htmlText: html.text } : {}),
    attachments,
    verdicts,
    problems: dedupe(problems),
    sizeBytes: raw.byteLength,
  };
}

interface ParsedTree {
  readonly email: Email;
  readonly attachments: readonly { parsed: ParsedAttachment; bytes: Uint8Array }[];
  readonly problems: readonly MailProblem[];
}

/** What is left of the part and decoded-byte budgets across nested messages. */
interface Budget {
  parts: number;
  decoded: number;
}

/**
 * Pre-scans, parses, and expands attached messages (`message/rfc822` the parser left as
 * attachments) so that files inside forwarded mail are read too. `level` counts messages
 * entered; the budget is shared by every level.
 */
async function parseTree(
  raw: Uint8Array,
  limits: MailLimits,
  level: number,
  budget: Budget,
): Promise<ParsedTree> {
  const structure = scanMimeStructure(raw, {
    ...limits,
    maxParts: budget.parts,
    maxDepth: limits.maxDepth - level,
  });
  if (structure.unreadable)
    throw new UnreadableMailError(structure.unreadable.reason, structure.unreadable.detail);
  budget.parts -= structure.parts;

  const problems: MailProblem[] = [...structure.problems];
  for (const charset of structure.charsets) {
    if (!isKnownCharset(charset)) {
      problems.push({
        code: 'UNKNOWN_CHARSET',
        detail: `charset ${printableLabel(charset)} is not supported; text decoded as windows-1252`,
      });
    }
  }

  const email = await parse(raw, limits, level);
  budget.decoded -= byteLength(email.text) + byteLength(email.html);
  checkDecoded(budget, limits);

  const attachments: { parsed: ParsedAttachment; bytes: Uint8Array }[] = [];
  for (const parsed of email.attachments) {
    if (parsed.rfc822DepthExceeded) {
      throw new UnreadableMailError(
        'TOO_DEEP',
        `attached messages nest deeper than ${MAX_RFC822_DEPTH} levels; the attachment list is incomplete`,
      );
    }
    const bytes = attachmentBytes(parsed);
    budget.decoded -= bytes.byteLength;
    checkDecoded(budget, limits);
    attachments.push({ parsed, bytes });
    if (parsed.mimeType === 'message/rfc822' || parsed.mimeType === 'message/global') {
      if (level + 1 > Math.min(MAX_RFC822_DEPTH, limits.maxDepth)) {
        throw new UnreadableMailError(
          'TOO_DEEP',
          `attached messages nest deeper than ${Math.min(MAX_RFC822_DEPTH, limits.maxDepth)} levels`,
        );
      }
      const inner = await parseTree(bytes, limits, level + 1, budget);
      attachments.push(...inner.attachments);
      problems.push(...inner.problems);
    }
  }
  if (attachments.length > limits.maxParts) {
    throw new UnreadableMailError(
      'TOO_MANY_PARTS',
      `more than ${limits.maxParts} attachments (limit ${limits.maxParts})`,
    );
  }
  return { email, attachments, problems };
}

async function parse(raw: Uint8Array, limits: MailLimits, level: number): Promise<Email> {
  try {
    return await PostalMime.parse(raw, {
      attachmentEncoding: 'arraybuffer',
      maxNestingDepth: Math.max(0, limits.maxDepth - level),
      maxHeadersSize: MAX_HEADER_BYTES,
      // The pre-scan counts parts first; the parser's own count is a second bound.
      maxPartCount: limits.maxParts,
      maxRfc822NestingDepth: Math.max(0, Math.min(MAX_RFC822_DEPTH, limits.maxDepth) - level),
    });
  } catch (error) {
    switch (parserErrorCode(error)) {
      case 'EMAXNESTINGDEPTH':
        throw new UnreadableMailError(
          'TOO_DEEP',
          `MIME nesting exceeds the parser's limit of ${limits.maxDepth}`,
        );
      case 'EMAXHEADERSIZE':
        throw new UnreadableMailError('TOO_LARGE', `header bytes over all parts exceed ${MAX_HEADER_BYTES}`);
      case 'EMAXPARTCOUNT':
        throw new UnreadableMailError(
          'TOO_MANY_PARTS',
          `MIME parts exceed the ${limits.maxParts}-part limit`,
        );
      default:
        throw error;
    }
  }
}

/** postal-mime's error code (`EMAXNESTINGDEPTH`, …), when the error is one of its own. */
function parserErrorCode(error: unknown): string | undefined {
  const code = error instanceof Error ? (error as Error & { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function checkDecoded(budget: Budget, limits: MailLimits): void {
  if (budget.decoded < 0) {
    throw new UnreadableMailError(
      'DECODED_TOO_LARGE',
      `decoded parts exceed the ${limits.maxDecodedBytes}-byte limit`,
    );
  }
}

function byteLength(text: string | undefined): number {
  return text ? Buffer.byteLength(text, 'utf8') : 0;
}

function mailboxes(value: string): MailAddress[] {
  try {
    return addressParser(value, { flatten: true }).flatMap((m) => (m.address ? [toAddress(m)] : []));
  } catch {
    return [];
  }
}

function flatten(list: Email['to']): MailAddress[] {
  return (list ?? [])
    .flatMap((a) => (a.group ? a.group : [a]))
    .flatMap((m) => (m.address ? [toAddress(m)] : []));
}

function toAddress(m: { address?: string | undefined; name: string }): MailAddress {
  return { address: (m.address ?? '').toLowerCase(), ...(m.name ? { name: m.name } : {}) };
}

function dedupe(problems: readonly MailProblem[]): MailProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.code}\u0000${p.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Charset labels come from the sender: only a safe, short spelling goes into a detail. */
function printableLabel(label: string): string {
  return /^[A-Za-z0-9._:+-]{1,40}$/.test(label) ? `"${label}"` : '(unprintable label)';
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
