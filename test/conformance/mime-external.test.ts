import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import { readMail } from '../../shared/mail/read-mail.ts';

const dir = path.resolve(import.meta.dirname, '../../../shared/corpus/mime-external');

interface Entry {
  readonly file: string;
  readonly covers: string;
}

function manifest(): Entry[] {
  if (!existsSync(dir)) return [];
  return readFileSync(path.join(dir, 'MANIFEST.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim())
    .map((line) => {
      const cols = line.split('\t');
      return { file: cols[0]!, covers: cols[5] ?? '' };
    });
}

const has = (entry: Entry, re: RegExp): boolean => re.test(entry.covers);

describe.runIf(existsSync(dir))('Conformance: external MIME corpus', () => {
  const entries = manifest();

  it('lists every message in the manifest', () => {
    expect(entries.length).toBeGreaterThanOrEqual(70);
  });

  it.each(entries)('reads $file without crashing', async (entry) => {
    const outcome = await readMail(
      new Uint8Array(readFileSync(path.join(dir, entry.file))),
      inProcessDocumentText,
    );
    expect(typeof outcome.readable).toBe('boolean');
    if (!outcome.readable) {
      // Nothing in this corpus is a MIME bomb: only malformed structure may be refused.
      expect(['NOT_MIME', 'TRUNCATED', 'PARSE_ERROR']).toContain(outcome.reason);
      expect(outcome.detail.length).toBeGreaterThan(0);
      return;
    }
    const { mail } = outcome;
    if (has(entry, /\b(?:PDF|zip|msword|PNG) attachment\b|attachment-only/)) {
      expect(mail.attachments.length).toBeGreaterThanOrEqual(1);
    }
    if (
      has(entry, /[Mm]issing boundary|no closing boundary|never occurs|inner boundary delimiters are missing/)
    ) {
      expect(mail.problems.length + mail.attachments.length + mail.text.length).toBeGreaterThan(0);
    }
    if (has(entry, /HTML-only/)) {
      expect(mail.text.length).toBeGreaterThan(0);
    }
    for (const attachment of mail.attachments) {
      expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
