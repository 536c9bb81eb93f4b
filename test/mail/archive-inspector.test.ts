import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import {
  archiveReadBudget,
  inspectArchive,
  rarEncrypted,
  sevenZipEncrypted,
} from '../../shared/mail/archive-inspector.ts';
import { readArchiveEntry } from '../../shared/mail/attachment-reader.ts';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import { DEFAULT_MAIL_LIMITS } from '../../shared/mail/limits.ts';
import { docxBytes, encryptedZip, zipBytes } from './mime-builder.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const inspect = (b: Uint8Array, limits = DEFAULT_MAIL_LIMITS) =>
  inspectArchive(b, 'application/zip', limits, 'attachment 1', (bytes, name) =>
    readArchiveEntry(bytes, name, limits, inProcessDocumentText),
  );

describe('archive inspector', () => {
  it('reads the entries of a plain zip and scans nothing less', async () => {
    const found = await inspect(
      zipBytes({
        'minutes.txt': text('Minutes of the meeting'),
        'list.csv': text('name,nino\nA,QQ123456C\n'),
      }),
    );
    expect(found).toMatchObject({ flags: [], problems: [] });
    expect(found.entries.map((e) => [e.filename, e.kind, e.text, e.csvDataRows])).toEqual([
      ['minutes.txt', 'text', 'Minutes of the meeting', undefined],
      ['list.csv', 'csv', 'name,nino\nA,QQ123456C\n', 1],
    ]);
  });

  it('reads deflated entries too', async () => {
    const found = await inspect(
      zipSync({ 'notes.txt': text('born on 1 May 1980 '.repeat(50)) }, { level: 9 }),
    );
    expect(found.entries[0]?.text).toContain('born on 1 May 1980');
    expect(found.flags).toEqual([]);
  });

  it('flags encryption from general-purpose bit 0, and that the entry went unread', async () => {
    const found = await inspect(encryptedZip('data.csv', 32));
    expect(found.flags).toEqual(['encrypted-archive', 'contents-not-scanned']);
    expect(found.entries).toEqual([]);
  });

  it('flags a script inside a zip by content', async () => {
    const found = await inspect(zipBytes({ 'readme.txt': text('#!/bin/sh\nrm -rf /\n') }));
    expect(found.flags).toEqual(['executable']);
  });

  it('lists an archive inside an archive without opening it', async () => {
    const inner = zipBytes({ 'records.csv': text('a,b\n1,2\n') });
    const found = await inspect(zipBytes({ 'inner.dat': inner, 'note.txt': text('see inside') }));
    expect(found.flags).toEqual(['nested-archive', 'contents-not-scanned']);
    expect(found.entries.map((e) => e.filename)).toEqual(['note.txt']);
  });

  it('does not call a Word document inside a zip an archive', async () => {
    const found = await inspect(
      zipBytes({ 'letter.docx': docxBytes('Dear Sir, my NHS number is enclosed') }),
    );
    expect(found.flags).toEqual([]);
    expect(found.entries[0]).toMatchObject({ filename: 'letter.docx', kind: 'docx' });
    expect(found.entries[0]?.text).toContain('my NHS number is enclosed');
  });

  it('flags an unreadable zip as extraction-failed', async () => {
    expect((await inspect(zipBytes({ 'a.txt': text('abc') }).slice(0, 20))).flags).toEqual([
      'contents-not-scanned',
      'extraction-failed',
    ]);
  });

  it('peeks at, but does not read, entries past the read budget, and says so', async () => {
    const big = text('x'.repeat(200));
    const result = await inspect(zipBytes({ 'small.txt': text('read me'), 'a.txt': big }), {
      ...DEFAULT_MAIL_LIMITS,
      maxDecodedBytes: 100,
    });
    expect(result.problems.map((p) => p.code)).toEqual(['DECODED_LIMIT']);
    expect(result.flags).toEqual(['contents-not-scanned']);
    expect(result.entries.map((e) => e.filename)).toEqual(['small.txt']);
  });

  it('shares one text budget across the archives of a message, and says what it could not read', async () => {
    const limits = { ...DEFAULT_MAIL_LIMITS, maxTextChars: 30 };
    const budget = archiveReadBudget(limits);
    const reader = (b: Uint8Array, n: string, maxTextChars: number) =>
      readArchiveEntry(b, n, { ...limits, maxTextChars }, inProcessDocumentText);
    const zip = zipBytes({
      'a.txt': text('twenty characters!!!'),
      'b.txt': text('another twenty chars'),
      'c.txt': text('x'),
    });
    const first = await inspectArchive(zip, 'application/zip', limits, 'attachment 1', reader, budget);
    expect(first.entries.map((e) => e.text)).toEqual(['twenty characters!!!', 'another tw']);
    expect(first.flags).toEqual(['text-truncated', 'contents-not-scanned']);
    const second = await inspectArchive(zip, 'application/zip', limits, 'attachment 2', reader, budget);
    expect(second).toMatchObject({ flags: ['contents-not-scanned'], entries: [] });
  });

  it('says RAR and 7z contents were not scanned', async () => {
    const rar = new Uint8Array([
      0x52, 0x61, 0x72, 0x21, 0x1a, 0x07, 0x00, 0, 0, 0x73, 0x00, 0x00, 13, 0, 0, 0, 0, 0, 0,
    ]);
    const limits = DEFAULT_MAIL_LIMITS;
    const found = await inspectArchive(
      rar,
      'application/vnd.rar',
      limits,
      'attachment 1',
      (b, n, maxTextChars) => readArchiveEntry(b, n, { ...limits, maxTextChars }, inProcessDocumentText),
    );
    expect(found).toEqual({ flags: ['contents-not-scanned'], problems: [], entries: [] });
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
