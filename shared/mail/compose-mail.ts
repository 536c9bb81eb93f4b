/**
 * Builds outbound MIME with nodemailer's MailComposer (RFC 2047 subjects, RFC 2231 file names,
 * line folding and transfer encodings handled by a well-kept library). File and URL access are
 * switched off: content is only ever the bytes given here.
 */
import MailComposer from 'nodemailer/lib/mail-composer';

export interface OutboundAttachment {
  readonly filename: string;
  readonly content: Uint8Array;
  readonly contentType: string;
}

export interface OutboundDraft {
  readonly from: string;
  readonly to: readonly string[];
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  /** Extra header fields, e.g. `X-Caveat-Classification`. Values must be single-line ASCII. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly attachments?: readonly OutboundAttachment[];
  /** Fixed Date, for reproducible output. */
  readonly date?: Date;
}

/** Composes one message; resolves to its raw bytes. */
export async function composeMail(draft: OutboundDraft): Promise<Uint8Array> {
  const composer = new MailComposer({
    from: draft.from,
    to: [...draft.to],
    ...(draft.replyTo ? { replyTo: draft.replyTo } : {}),
    subject: draft.subject,
    text: draft.text,
    headers: { ...draft.headers },
    ...(draft.date ? { date: draft.date } : {}),
    attachments: (draft.attachments ?? []).map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
      // MailComposer shows message/rfc822 inline by default; a forwarded original is a file.
      contentDisposition: 'attachment',
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  const built = await composer.compile().build();
  return new Uint8Array(built.buffer, built.byteOffset, built.byteLength);
}
