import { describe, expect, it } from 'vitest';
import { inspectArchive, rarEncrypted, sevenZipEncrypted } from '../../shared/mail/archive-inspector.ts';
import { DEFAULT_MAIL_LIMITS } from '../../shared/mail/limits.ts';
import { encryptedZip, zipBytes } from './mime-builder.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const inspect = (b: Uint8Array, limits = DEFAULT_MAIL_LIMITS) =>
  inspectArchive(b, 'application/zip', limits, 'attachment 1');

describe('archive inspector', () => {
  it('finds nothing in a plain zip of documents', async () => {
    expect(await inspect(zipBytes({ 'minutes.txt': text('Minutes of the meeting') }))).toEqual({
      flags: [],
      problems: [],
    });
  });

  it('flags encryption from general-purpose bit 0', async () => {
    expect((await inspect(encryptedZip('data.csv', 32))).flags).toEqual(['encrypted-archive']);
  });

  it('flags a script inside a zip by content', async () => {
    expect((await inspect(zipBytes({ 'readme.txt': text('#!/bin/sh\nrm -rf /\n') }))).flags).toEqual([
      'executable',
    ]);
  });

  it('flags an unreadable zip as extraction-failed', async () => {
    expect((await inspect(zipBytes({ 'a.txt': text('abc') }).slice(0, 20))).flags).toEqual([
      'extraction-failed',
    ]);
  });

  it('reports declared sizes over the decoded limit', async () => {
    const result = await inspect(zipBytes({ 'a.txt': text('x'.repeat(200)) }), {
      ...DEFAULT_MAIL_LIMITS,
      maxDecodedBytes: 100,
    });
    expect(result.problems.map((p) => p.code)).toEqual(['DECODED_LIMIT']);
  });

  it('reads RAR 4 encrypted headers and a RAR 5 encryption header', () => {
    const rar4 = new Uint8Array([
      0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00, 0, 0, 0x73, 0x80, 0x00, 13, 0, 0, 0, 0, 0, 0,
    ]);
    const rar5 = new Uint8Array([
      0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x01, 0x00, 0, 0, 0, 0, 0x0c, 0x04, 0, 0,
    ]);
    const plain4 = new Uint8Array([
      0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00, 0, 0, 0x73, 0x00, 0x00, 13, 0, 0, 0, 0, 0, 0,
    ]);
    expect([rarEncrypted(rar4), rarEncrypted(rar5), rarEncrypted(plain4)]).toEqual([true, true, false]);
  });

  it('finds the AES coder id in a 7z end header', () => {
    const b = new Uint8Array(48);
    b.set([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]);
    b[12] = 0; // next header at 32
    b[20] = 16;
    expect(sevenZipEncrypted(b)).toBe(false);
    b.set([0x06, 0xf1, 0x07, 0x01], 36);
    expect(sevenZipEncrypted(b)).toBe(true);
  });
});
