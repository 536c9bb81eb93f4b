/** A DNS record or policy file that does not follow its RFC; the message says where. */
export class DomainRecordError extends Error {
  override readonly name = 'DomainRecordError';
}

// Records longer than this are not real TXT records (DNS answers stop at 64 KiB, providers far
// earlier); capping them keeps every parser's work bounded.
export const MAX_RECORD_CHARS = 4096;

/** Throws when a record is too long to be one. */
export function assertRecordSize(kind: string, txt: string): void {
  if (txt.length > MAX_RECORD_CHARS) {
    throw new DomainRecordError(`${kind} record is ${txt.length} characters, over ${MAX_RECORD_CHARS}`);
  }
}

/**
 * Splits a `tag=value; tag=value` list (DMARC, TLS-RPT, MTA-STS TXT): the first tag must be `v`
 * with exactly `version`, tags are unique. Values are trimmed; an empty last field is allowed.
 */
export function parseTagList(kind: string, txt: string, version: string): Map<string, string> {
  assertRecordSize(kind, txt);
  const fields = txt.split(';').map((field) => field.trim());
  if (fields.at(-1) === '') fields.pop();
  const tags = new Map<string, string>();
  fields.forEach((field, index) => {
    const eq = field.indexOf('=');
    if (eq < 1) throw new DomainRecordError(`${kind} record: "${field}" is not a tag=value pair`);
    const name = field.slice(0, eq).trim().toLowerCase();
    const value = field.slice(eq + 1).trim();
    if (index === 0 && (name !== 'v' || value !== version)) {
      throw new DomainRecordError(`${kind} record must start with v=${version}`);
    }
    if (tags.has(name)) throw new DomainRecordError(`${kind} record: tag "${name}" appears twice`);
    tags.set(name, value);
  });
  if (tags.size === 0) throw new DomainRecordError(`${kind} record must start with v=${version}`);
  return tags;
}

/** A `mailto:` or `https:` reporting URI (RFC 7489 §6.2, RFC 8460 §3); returns it, or throws. */
export function reportingUri(kind: string, tag: string, uri: string, schemes: readonly string[]): string {
  const trimmed = uri.trim();
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new DomainRecordError(
      `${kind} record: ${tag} "${trimmed}" is not a URI (e.g. mailto:reports@example.gov.uk)`,
    );
  }
  if (!schemes.includes(parsed.protocol.replace(/:$/, ''))) {
    throw new DomainRecordError(`${kind} record: ${tag} "${trimmed}" must use ${schemes.join(' or ')}`);
  }
  if (
    parsed.protocol === 'mailto:' &&
    !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(decodeURIComponent(parsed.pathname).replace(/!\d+[kmgt]?$/i, ''))
  ) {
    throw new DomainRecordError(`${kind} record: ${tag} "${trimmed}" has no valid address`);
  }
  return trimmed;
}
