/** SMTP TLS Reporting policy records at `_smtp._tls.<domain>` (RFC 8460 §3). */
import { DomainRecordError, parseTagList, reportingUri } from './record-error.ts';

export interface TlsRptRecord {
  readonly raw: string;
  /** Where reports go: `mailto:` or `https:` URIs. */
  readonly rua: readonly string[];
}

export function isTlsRptRecord(txt: string): boolean {
  return /^v\s*=\s*TLSRPTv1/i.test(txt.trim());
}

export function parseTlsRpt(txt: string): TlsRptRecord {
  const tags = parseTagList('TLS-RPT', txt.trim(), 'TLSRPTv1');
  const rua = tags.get('rua');
  if (!rua) throw new DomainRecordError('TLS-RPT record: the rua= tag is missing');
  return {
    raw: txt,
    rua: rua.split(',').map((uri) => reportingUri('TLS-RPT', 'rua', uri, ['mailto', 'https'])),
  };
}
