/**
 * Reads the report out of a report message: the attachment whose media type or file name says it
 * is one (DMARC: XML, gzip or zip, RFC 7489 §7.2.1.1; TLS-RPT: `application/tlsrpt+json` or
 * `+gzip`, RFC 8460 §5.3), unpacked within the size cap and parsed.
 */
import { attachmentContents } from '../mail/attachment-contents.ts';
import { parseDmarcAggregate } from './dmarc-aggregate.ts';
import { MalformedReportError } from './report-error.ts';
import { type ReportKind, type ReportSummary, summariseDmarc, summariseTls } from './report-summary.ts';
import { parseTlsReport } from './tls-report.ts';
import { unpackReport } from './unpack.ts';

const REPORT_ATTACHMENT: Record<ReportKind, { types: RegExp; names: RegExp }> = {
  dmarc: {
    types: /^(application\/(gzip|x-gzip|zip|x-zip-compressed|xml)|text\/xml)$/i,
    names: /\.(xml|xml\.gz|gz|zip)$/i,
  },
  'tls-rpt': {
    types: /^application\/(tlsrpt\+json|tlsrpt\+gzip|json|gzip|x-gzip)$/i,
    names: /\.(json|json\.gz|gz)$/i,
  },
};

const LABEL: Record<ReportKind, string> = { dmarc: 'DMARC aggregate report', 'tls-rpt': 'TLS report' };

/** Parses the report a message carries; throws {@link MalformedReportError} saying what is wrong. */
export async function readReportMail(raw: Uint8Array, kind: ReportKind): Promise<ReportSummary> {
  let attachments: Awaited<ReturnType<typeof attachmentContents>>;
  try {
    attachments = await attachmentContents(raw);
  } catch (error) {
    throw new MalformedReportError(`the message is not readable MIME (${(error as Error).message})`, {
      cause: error,
    });
  }
  const match = REPORT_ATTACHMENT[kind];
  const attachment = attachments.find((a) => match.types.test(a.contentType) || match.names.test(a.filename));
  if (!attachment) {
    throw new MalformedReportError(
      `no ${LABEL[kind]} attached (${attachments.length} attachment${attachments.length === 1 ? '' : 's'}, none of a report's types)`,
    );
  }
  const unpacked = await unpackReport(attachment.content);
  const text = new TextDecoder('utf-8', { fatal: false }).decode(unpacked.bytes);
  return kind === 'dmarc'
    ? summariseDmarc(parseDmarcAggregate(text), unpacked.compression)
    : summariseTls(parseTlsReport(text), unpacked.compression);
}
