import type { MailLimits, MailProblem, UnreadableReason } from './inbound-mail.ts';

/** What a cheap pass over the raw bytes found, before any decoding. */
export interface MimeStructure {
  /** Parts seen, the message itself included. */
  readonly parts: number;
  /** Deepest part seen (the message is depth 0; each multipart child or message/rfc822 adds 1). */
  readonly depth: number;
  /** Set when a cap was crossed: the scan stops there and the message must not be parsed. */
  readonly unreadable?: { readonly reason: UnreadableReason; readonly detail: string };
  readonly problems: readonly MailProblem[];
  /** Charset labels from Content-Type parameters and encoded words, lower-cased. */
  readonly charsets: ReadonlySet<string>;
  /** A `text/plain` body part (not an attachment) was seen. */
  readonly hasPlainBody: boolean;
}

interface Frame {
  readonly boundary: string;
  readonly type: string;
  readonly depth: number;
  sawBoundary: boolean;
}

interface PartHeaders {
  contentType: string;
  encoding: string;
  disposition: string;
  /** Which of the three the last field was, so continuation lines join it. */
  last: 'type' | 'encoding' | 'disposition' | undefined;
}

const LF = 0x0a;
const CR = 0x0d;
const DASH = 0x2d;
const MAX_FIELD_CHARS = 16 * 1024;
const MAX_CHARSETS = 64;
const latin1 = new TextDecoder('latin1');
const ENCODED_WORD_CHARSET = /=\?([^?\s]{1,64})\?[bBqQ]\?/g;

/**
 * Walks the MIME tree by boundary lines only, without decoding anything, bounding part count
 * and nesting depth before the parser sees the message (MIME bombs). Linear in the input:
 * only lines starting with `--` are compared with the open boundaries, and at most
 * `maxDepth` boundaries are open at once.
 */
export function scanMimeStructure(raw: Uint8Array, limits: MailLimits): MimeStructure {
  const problems: MailProblem[] = [];
  const charsets = new Set<string>();
  const stack: Frame[] = [];
  let parts = 1;
  let maxSeenDepth = 0;
  let partDepth = 0;
  let inHeader = true;
  let headers = emptyHeaders();
  let hasPlainBody = false;
  let headerLines = 0;
  let offset = 0;

  const result = (unreadable?: MimeStructure['unreadable']): MimeStructure => ({
    parts,
    depth: maxSeenDepth,
    problems,
    charsets,
    hasPlainBody,
    ...(unreadable ? { unreadable } : {}),
  });

  const enterPart = (depth: number): MimeStructure['unreadable'] | undefined => {
    parts++;
    if (parts > limits.maxParts) {
      return {
        reason: 'TOO_MANY_PARTS',
        detail: `more than ${limits.maxParts} MIME parts (limit ${limits.maxParts})`,
      };
    }
    if (depth > limits.maxDepth) {
      return { reason: 'TOO_DEEP', detail: `MIME nesting depth ${depth} exceeds limit ${limits.maxDepth}` };
    }
    maxSeenDepth = Math.max(maxSeenDepth, depth);
    partDepth = depth;
    inHeader = true;
    headers = emptyHeaders();
    headerLines = 0;
    return undefined;
  };

  while (offset < raw.length) {
    const lf = raw.indexOf(LF, offset);
    const next = lf === -1 ? raw.length : lf + 1;
    let end = lf === -1 ? raw.length : lf;
    if (end > offset && raw[end - 1] === CR) end--;

    if (inHeader) {
      if (end === offset) {
        inHeader = false;
        const opened = endOfHeaders(headers, partDepth);
        if (opened === 'rfc822') {
          const stop = enterPart(partDepth + 1);
          if (stop) return result(stop);
        } else if (opened) {
          stack.push(opened);
        }
      } else {
        headerLines++;
        readHeaderLine(latin1.decode(raw.subarray(offset, Math.min(end, offset + MAX_FIELD_CHARS))), headers);
      }
    } else if (stack.length > 0 && raw[offset] === DASH && raw[offset + 1] === DASH) {
      const line = latin1.decode(raw.subarray(offset + 2, end)).trimEnd();
      for (let i = stack.length - 1; i >= 0; i--) {
        const frame = stack[i]!;
        if (line === frame.boundary) {
          stack.length = i + 1;
          frame.sawBoundary = true;
          const stop = enterPart(frame.depth + 1);
          if (stop) return result(stop);
          break;
        }
        if (line === `${frame.boundary}--`) {
          stack.length = i;
          break;
        }
      }
    }
    offset = next;
  }

  // A part whose header section was cut off: its type and content are unknown. (A boundary
  // followed by nothing at all is only an unclosed multipart, reported below.)
  if (inHeader && partDepth > 0 && headerLines > 0) {
    return result({
      reason: 'TRUNCATED',
      detail: `message ends inside the header section of a part at depth ${partDepth}`,
    });
  }
  for (const frame of stack) {
    problems.push(
      frame.sawBoundary
        ? {
            code: 'TRUNCATED_NESTING',
            detail: `${frame.type} at depth ${frame.depth} has no closing boundary: the message ends inside it`,
          }
        : {
            code: 'MISSING_BOUNDARY',
            detail: `${frame.type} at depth ${frame.depth} declares a boundary that never occurs`,
          },
    );
  }
  return result();

  function readHeaderLine(line: string, into: PartHeaders): void {
    for (const m of line.matchAll(ENCODED_WORD_CHARSET)) {
      if (charsets.size < MAX_CHARSETS) charsets.add(m[1]!.toLowerCase().split('*')[0]!);
    }
    if (line[0] === ' ' || line[0] === '\t') {
      if (into.last === 'type' && into.contentType.length < MAX_FIELD_CHARS) into.contentType += line;
      else if (into.last === 'disposition') into.disposition += line;
      return;
    }
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim().toLowerCase() : '';
    const value = line.slice(colon + 1);
    into.last = undefined;
    // First occurrence wins, as in the parser.
    if (name === 'content-type' && !into.contentType) {
      into.contentType = value;
      into.last = 'type';
    } else if (name === 'content-transfer-encoding' && !into.encoding) {
      into.encoding = value.trim().toLowerCase();
      into.last = 'encoding';
    } else if (name === 'content-disposition' && !into.disposition) {
      into.disposition = value;
      into.last = 'disposition';
    }
  }

  function endOfHeaders(h: PartHeaders, depth: number): Frame | 'rfc822' | undefined {
    const type = (h.contentType.split(';')[0] ?? '').trim().toLowerCase() || 'text/plain';
    const charset = param(h.contentType, 'charset');
    if (charset && charsets.size < MAX_CHARSETS) charsets.add(charset.toLowerCase());
    const attachment = h.disposition.trim().toLowerCase().startsWith('attachment');
    if (type === 'text/plain' && !attachment) hasPlainBody = true;
    if (type.startsWith('multipart/')) {
      const boundary = param(h.contentType, 'boundary');
      if (boundary) return { boundary, type, depth, sawBoundary: false };
      problems.push({
        code: 'MISSING_BOUNDARY',
        detail: `${type} at depth ${depth} has no boundary parameter`,
      });
      return undefined;
    }
    // A message/rfc822 body is itself a message, unless transfer-encoded (then the parser
    // decodes it and readMail scans the decoded bytes in turn).
    const encoded = h.encoding === 'base64' || h.encoding === 'quoted-printable';
    if ((type === 'message/rfc822' || type === 'message/global') && !encoded) return 'rfc822';
    return undefined;
  }
}

function emptyHeaders(): PartHeaders {
  return { contentType: '', encoding: '', disposition: '', last: undefined };
}

/** A Content-Type parameter value (quoted or token), without RFC 2231 continuations. */
function param(contentType: string, name: string): string | undefined {
  const re = new RegExp(`;\\s*${name}\\s*=\\s*(?:"([^"]*)"|([^;\\s]+))`, 'i');
  const m = re.exec(contentType);
  const value = m?.[1] ?? m?.[2];
  return value ? value : undefined;
}
