/**
 * The value the rest of Caveat sees for one raw message: everything the policy needs,
 * read from the MIME and from the headers Amazon SES adds on receipt.
 */

/** Result of one SES authentication check (RFC 8601 result keywords). */
export const AUTH_RESULTS = [
  'pass',
  'fail',
  'softfail',
  'neutral',
  'none',
  'temperror',
  'permerror',
  'policy',
] as const;

/** An RFC 8601 result, or `unknown` when SES's header is absent or unreadable. */
export type AuthResult = (typeof AUTH_RESULTS)[number] | 'unknown';

/** SES spam / virus scan verdicts (`X-SES-Spam-Verdict`, `X-SES-Virus-Verdict`). */
export const SCAN_VERDICTS = ['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED'] as const;

/** A scan verdict; missing means UNKNOWN. */
export type ScanVerdict = (typeof SCAN_VERDICTS)[number] | 'UNKNOWN';

/** What SES said about the message, read only from SES's own headers at the top of the message. */
export interface SesVerdicts {
  readonly spam: ScanVerdict;
  readonly virus: ScanVerdict;
  readonly spf: AuthResult;
  readonly dkim: AuthResult;
  readonly dmarc: AuthResult;
  /** `header.from` domain SES evaluated DMARC against, lower-cased, when SES stated it. */
  readonly dmarcHeaderFrom?: string;
}

export interface MailAddress {
  /** Lower-cased addr-spec (`local@domain`). */
  readonly address: string;
  readonly name?: string;
}

/** What an attachment is, decided from its bytes (magic numbers), not its name or declared type. */
export type AttachmentKind =
  | 'text'
  | 'csv'
  | 'html'
  | 'pdf'
  | 'docx'
  | 'archive'
  | 'executable'
  | 'image'
  | 'other';

export type AttachmentFlag =
  /** PE, ELF, Mach-O binaries, or scripts (.js .vbs .ps1 .bat .cmd …) by name or content. */
  | 'executable'
  /** A password-protected or encrypted archive whose contents cannot be inspected. */
  | 'encrypted-archive'
  /** An archive inside an archive. */
  | 'nested-archive'
  /** An archive with entries whose text was not read (encrypted, nested, too many or too large). */
  | 'contents-not-scanned'
  /** Text extraction was attempted and failed (corrupt PDF/DOCX): contents unknown. */
  | 'extraction-failed'
  /** Text extraction stopped at the decoded-bytes cap. */
  | 'text-truncated';

export interface Attachment {
  readonly filename?: string;
  /** Content-Type as the sender declared it. */
  readonly declaredType: string;
  /** Media type detected from the bytes; `application/octet-stream` when unknown. */
  readonly detectedType: string;
  readonly kind: AttachmentKind;
  readonly sizeBytes: number;
  readonly sha256: string;
  /** Extracted text for text, CSV, HTML, PDF and DOCX attachments. */
  readonly text?: string;
  /** CSV data rows (header excluded) for CSV attachments. */
  readonly csvDataRows?: number;
  /**
   * For CSV attachments: data rows holding personal data is computed later by the scanner,
   * which needs the rows themselves (header excluded, bounded by the caps).
   */
  readonly csvRows?: readonly string[];
  readonly flags: readonly AttachmentFlag[];
  /**
   * For archives: the entries read whole (one level, within caps), each described like an
   * attachment, so their text is scanned too. What could not be read flags the archive.
   */
  readonly entries?: readonly Attachment[];
}

/** Something odd about the message that did not stop it being read. */
export interface MailProblem {
  readonly code:
    | 'MISSING_BOUNDARY'
    | 'TRUNCATED_NESTING'
    | 'UNKNOWN_CHARSET'
    | 'MALFORMED_HEADER'
    | 'NO_BODY'
    | 'PART_LIMIT'
    | 'DECODED_LIMIT';
  readonly detail: string;
}

export interface InboundMail {
  readonly messageId?: string;
  /** Every address in every `From` header. */
  readonly from: readonly MailAddress[];
  /** How many `From` header fields the message has (policy requires exactly one). */
  readonly fromHeaderCount: number;
  readonly to: readonly MailAddress[];
  readonly cc: readonly MailAddress[];
  readonly subject: string;
  readonly date?: string;
  /** Plain-text body; HTML converted to text when the message has no text part. */
  readonly text: string;
  /** HTML body converted to text (tags stripped, entities decoded), when there is one. */
  readonly htmlText?: string;
  readonly attachments: readonly Attachment[];
  readonly verdicts: SesVerdicts;
  readonly problems: readonly MailProblem[];
  readonly sizeBytes: number;
}

/** Why a message could not be read safely. Each one leads to quarantine under rule MALFORMED. */
export type UnreadableReason =
  | 'TOO_LARGE'
  | 'TOO_MANY_PARTS'
  | 'TOO_DEEP'
  | 'DECODED_TOO_LARGE'
  | 'NOT_MIME'
  | 'TRUNCATED'
  | 'PARSE_ERROR';

export type MailReadOutcome =
  | { readonly readable: true; readonly mail: InboundMail }
  | {
      readonly readable: false;
      readonly reason: UnreadableReason;
      /** A precise, human-readable message. Never contains message content. */
      readonly detail: string;
      readonly sizeBytes: number;
      /** SES verdicts are still read when the headers are, so a virus FAIL is never lost. */
      readonly verdicts: SesVerdicts;
    };

/** Caps applied before and during parsing (MIME bombs). */
export interface MailLimits {
  /** Raw message size. Default 40 MiB (SES's inbound maximum). */
  readonly maxRawBytes: number;
  /** MIME parts in the whole tree. Default 500. */
  readonly maxParts: number;
  /** Multipart / message/rfc822 nesting depth. Default 20. */
  readonly maxDepth: number;
  /** Decoded bytes over all parts. Default 100 MiB. */
  readonly maxDecodedBytes: number;
  /** Text extracted per attachment, in characters. Default 2,000,000. */
  readonly maxTextChars: number;
  /**
   * Milliseconds after a message's first PDF or DOCX is sent for reading during which further
   * ones may still be sent; later ones are flagged `contents-not-scanned`. Default 25,000.
   */
  readonly maxDocumentMillis: number;
}
