const known = new Map<string, boolean>();

function decodable(label: string): boolean {
  try {
    new TextDecoder(label);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a charset label names an encoding this runtime can decode, allowing the spellings the
 * parser resolves too (`x-` / `cs` prefixes, missing separators, `cp1252`-style code pages).
 * The parser decodes anything else as windows-1252, so an unknown label means a best guess.
 */
export function isKnownCharset(label: string): boolean {
  const key = label.trim().toLowerCase();
  const cached = known.get(key);
  if (cached !== undefined) return cached;
  const normalized = key.replace(/^(?:x-ms-|x-|cs)/, '').replace(/[\s._-]+/g, '');
  const codePage = /^(?:cp|ms|ibm|windows)(\d{3,5})$/.exec(normalized)?.[1];
  const ok =
    key.length > 0 &&
    key.length <= 64 &&
    (decodable(key) || decodable(normalized) || (codePage !== undefined && decodable(`windows-${codePage}`)));
  if (known.size < 1024) known.set(key, ok);
  return ok;
}
