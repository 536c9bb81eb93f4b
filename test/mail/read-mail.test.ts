import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DocumentTextExtractor } from '../../shared/mail/document-text.ts';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import type { InboundMail, MailLimits, MailReadOutcome } from '../../shared/mail/inbound-mail.ts';
import { MAX_HEADER_BYTES } from '../../shared/mail/limits.ts';
import { DEFAULT_MAIL_LIMITS, readMail } from '../../shared/mail/read-mail.ts';
import {
  docxBytes,
  elfBytes,
  encryptedZip,
  fixture,
  machoBytes,
  mimeMessage,
  minimalPdf,
  peBytes,
  zipBytes,
} from './mime-builder.ts';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
/** The reader with the PDF and DOCX parsers in process, as the CLI and local runs have it. */
const read = (raw: Uint8Array, limits?: Partial<MailLimits>) => readMail(raw, inProcessDocumentText, limits);

function readable(outcome: MailReadOutcome): InboundMail {
  if (!outcome.readable) throw new Error(`expected readable, got ${outcome.reason}: ${outcome.detail}`);
  return outcome.mail;
}

async function readFixture(name: string): Promise<InboundMail> {
  return readable(await read(fixture(name)));
}

async function attachmentsOf(files: Parameters<typeof mimeMessage>[0]['attachments']) {
  return readable(await read(mimeMessage({ attachments: files ?? [] }))).attachments;
}

describe('readMail', () => {
  describe('SES verdicts', () => {
    it('reads every verdict from SES’s block at the top', async () => {
      const mail = await readFixture('ses-pass.eml');
      expect(mail.verdicts).toEqual({
        spam: 'PASS',
        virus: 'PASS',
        spf: 'pass',
        dkim: 'pass',
        dmarc: 'pass',
        dmarcHeaderFrom: 'hmrc-example.gov.uk',
      });
    });

    it('ignores forged SES headers below SES’s block', async () => {
      const mail = await readFixture('ses-forged-lower.eml');
      expect(mail.verdicts).toMatchObject({ virus: 'FAIL', spf: 'fail', dkim: 'fail', dmarc: 'fail' });
    });

    it('reports unknown verdicts when SES headers are missing', async () => {
      const mail = await readFixture('no-ses-headers.eml');
      expect(mail.verdicts).toEqual({
        spam: 'UNKNOWN',
        virus: 'UNKNOWN',
        spf: 'unknown',
        dkim: 'unknown',
        dmarc: 'unknown',
      });
    });

    it('keeps a virus FAIL when the message is unreadable', async () => {
      const raw = fixture('ses-forged-lower.eml');
      const outcome = await read(raw, { maxRawBytes: 100 });
      expect(outcome).toMatchObject({ readable: false, reason: 'TOO_LARGE', verdicts: { virus: 'FAIL' } });
    });
  });

  describe('senders and headers', () => {
    it.each([
      ['two-from.eml', 2, ['payroll@nhs-trust-example.nhs.uk', 'billing@example.com']],
      ['no-from.eml', 0, []],
      ['ses-pass.eml', 1, ['casework@hmrc-example.gov.uk']],
    ])('counts From fields in %s and lower-cases addresses', async (name, count, addresses) => {
      const mail = await readFixture(name);
      expect(mail.fromHeaderCount).toBe(count);
      expect(mail.from.map((a) => a.address)).toEqual(addresses);
    });

    it('reads message id, date and recipients', async () => {
      const mail = await readFixture('ses-pass.eml');
      expect(mail.messageId).toBe('<case-0412@hmrc-example.gov.uk>');
      expect(mail.date).toBe('2026-11-23T09:14:00.000Z');
      expect(mail.to).toEqual([{ address: 'benefits-team@dwp-example.gov.uk', name: 'Benefits Team' }]);
    });
  });

  describe('body text and charsets', () => {
    it.each([
      ['windows-1252.eml', 'The balance of £123.45 is due. “Please pay” – it’s overdue.'],
      ['iso-8859-1-qp.eml', 'Café réunion on Thursday. Deposit of £250 paid. This line is soft-wrapped'],
      ['base64-body.eml', 'Your appointment at the Jobcentre is on 3 December at 10:30.'],
      ['lf-only.eml', 'Body with LF line endings only.'],
    ])('decodes %s', async (name, expected) => {
      expect((await readFixture(name)).text).toContain(expected);
    });

    it.each([
      ['iso-8859-1-qp.eml', 'Résumé for the housing officer role'],
      ['base64-body.eml', '✓ Appointment confirmed'],
    ])('decodes the encoded-word subject of %s', async (name, subject) => {
      expect((await readFixture(name)).subject).toBe(subject);
    });

    it('turns an HTML-only body into text without script content', async () => {
      const mail = await readFixture('html-only.eml');
      expect(mail.text).toContain('Fees rise to £20 & the “new” rules apply.');
      expect(mail.text).toContain('Café closes at 3pm.');
      expect(mail.text).not.toContain('tracking-pixel-code');
      expect(mail.text).not.toContain('<p>');
      expect(mail.text).not.toContain('color: red');
      expect(mail.htmlText).toBe(mail.text);
    });

    it('reports unknown charsets without quoting content', async () => {
      const mail = await readFixture('unknown-charset.eml');
      expect(mail.text).toContain('Plain ASCII body');
      expect(mail.problems).toEqual(
        expect.arrayContaining([
          {
            code: 'UNKNOWN_CHARSET',
            detail: 'charset "x-unknown-legacy" is not supported; text decoded as windows-1252',
          },
          {
            code: 'UNKNOWN_CHARSET',
            detail: 'charset "x-klingon-9" is not supported; text decoded as windows-1252',
          },
        ]),
      );
    });

    it('reports no problems for a well-formed message', async () => {
      expect((await readFixture('ses-pass.eml')).problems).toEqual([]);
    });
  });

  describe('attachments', () => {
    it('counts CSV data rows and keeps the rows', async () => {
      const [csv] = (await readFixture('csv-attachment.eml')).attachments;
      expect(csv).toMatchObject({ kind: 'csv', detectedType: 'text/csv', csvDataRows: 3, flags: [] });
      expect(csv?.csvRows).toEqual([
        '"Smith, Jane",SW1A 1AA,R-001',
        'Ahmed Khan,M1 1AE,R-002',
        'Li Wei,EH1 1YZ,R-003',
      ]);
    });

    it('extracts PDF and DOCX text', async () => {
      const [pdf, docx] = await attachmentsOf([
        { filename: 'report.pdf', type: 'application/pdf', bytes: minimalPdf('Quarterly caseload report') },
        {
          filename: 'letter.docx',
          type: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          bytes: docxBytes('Dear resident, your appeal has been received.'),
        },
      ]);
      expect(pdf).toMatchObject({ kind: 'pdf', detectedType: 'application/pdf', flags: [] });
      expect(pdf?.text).toContain('Quarterly caseload report');
      expect(docx).toMatchObject({ kind: 'docx', flags: [] });
      expect(docx?.text).toBe('Dear resident, your appeal has been received.');
    });

    it('flags a corrupt PDF and a corrupt DOCX as extraction-failed', async () => {
      const brokenDocx = docxBytes('x').slice(0, 60);
      const files = await attachmentsOf([
        { filename: 'bad.pdf', type: 'application/pdf', bytes: text('%PDF-1.7\n1 0 obj garbage') },
        { filename: 'bad.docx', type: 'application/octet-stream', bytes: brokenDocx },
      ]);
      expect(files[0]).toMatchObject({ kind: 'pdf', flags: ['extraction-failed'] });
      expect(files[1]?.flags).toContain('extraction-failed');
    });

    it('reads PDF and DOCX text through the extractor it is given, in archives too', async () => {
      const asked: { kind: string; size: number; maxTextChars: number }[] = [];
      const documents: DocumentTextExtractor = {
        extract: async (kind, bytes, limits) => {
          asked.push({ kind, size: bytes.byteLength, maxTextChars: limits.maxTextChars });
          return kind === 'pdf'
            ? { text: 'from the extractor', flags: [] }
            : { flags: ['contents-not-scanned'] };
        },
      };
      const pdf = minimalPdf('not what the extractor says');
      const docx = docxBytes('x');
      const mail = readable(
        await readMail(
          mimeMessage({
            attachments: [
              { filename: 'a.pdf', type: 'application/pdf', bytes: pdf },
              { filename: 'b.zip', type: 'application/zip', bytes: zipBytes({ 'c.docx': docx }) },
            ],
          }),
          documents,
        ),
      );
      expect(asked).toEqual([
        { kind: 'pdf', size: pdf.byteLength, maxTextChars: DEFAULT_MAIL_LIMITS.maxTextChars },
        expect.objectContaining({ kind: 'docx', size: docx.byteLength }),
      ]);
      expect(mail.attachments[0]).toMatchObject({ kind: 'pdf', text: 'from the extractor', flags: [] });
      expect(mail.attachments[1]?.entries?.[0]).toMatchObject({
        kind: 'docx',
        flags: ['contents-not-scanned'],
      });
    });

    it('sends no more documents once the message’s document time is spent, and flags them unscanned', async () => {
      const slow: DocumentTextExtractor = {
        extract: async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { text: 'read', flags: [] };
        },
      };
      const message = mimeMessage({
        attachments: [
          { filename: 'a.pdf', type: 'application/pdf', bytes: minimalPdf('a') },
          { filename: 'b.pdf', type: 'application/pdf', bytes: minimalPdf('b') },
        ],
      });
      const [first, second] = readable(await readMail(message, slow, { maxDocumentMillis: 0 })).attachments;
      expect(first).toMatchObject({ kind: 'pdf', text: 'read', flags: [] });
      expect(second).toMatchObject({ kind: 'pdf', flags: ['contents-not-scanned'] });
      expect(second?.text).toBeUndefined();
      const both = readable(await readMail(message, slow)).attachments;
      expect(both.map((a) => a.text)).toEqual(['read', 'read']);
    });

    it('holds an extractor to the text cap and turns its failure into extraction-failed', async () => {
      const long: DocumentTextExtractor = { extract: async () => ({ text: 'a'.repeat(500), flags: [] }) };
      const throwing: DocumentTextExtractor = {
        extract: async () => {
          throw new Error('unreachable');
        },
      };
      const message = mimeMessage({
        attachments: [{ filename: 'a.pdf', type: 'application/pdf', bytes: minimalPdf('x') }],
      });
      const capped = readable(await readMail(message, long, { maxTextChars: 100 })).attachments[0];
      expect(capped?.text).toHaveLength(100);
      expect(capped?.flags).toEqual(['text-truncated']);
      const failed = readable(await readMail(message, throwing)).attachments[0];
      expect(failed).toMatchObject({ kind: 'pdf', flags: ['extraction-failed'] });
      expect(failed?.text).toBeUndefined();
    });

    it('caps extracted text and flags it', async () => {
      const mail = readable(
        await read(
          mimeMessage({
            attachments: [{ filename: 'n.txt', type: 'text/plain', bytes: text('a'.repeat(500)) }],
          }),
          { maxTextChars: 100 },
        ),
      );
      expect(mail.attachments[0]?.text).toHaveLength(100);
      expect(mail.attachments[0]?.flags).toEqual(['text-truncated']);
    });

    it.each([
      ['PE renamed .pdf', 'invoice.pdf', 'application/pdf', peBytes(), 'application/x-msdownload'],
      ['ELF', 'data.bin', 'application/octet-stream', elfBytes(), 'application/x-elf'],
      [
        'Mach-O 64-bit',
        'app',
        'application/octet-stream',
        machoBytes([0xcf, 0xfa, 0xed, 0xfe]),
        'application/x-mach-binary',
      ],
      [
        'Mach-O fat',
        'app',
        'application/octet-stream',
        machoBytes([0xca, 0xfe, 0xba, 0xbe]),
        'application/x-mach-binary',
      ],
    ])('flags a %s as executable by content', async (_label, filename, type, bytes, detectedType) => {
      const [file] = await attachmentsOf([{ filename, type, bytes }]);
      expect(file).toMatchObject({ kind: 'executable', detectedType, flags: ['executable'] });
    });

    it('flags a .vbs script by name', async () => {
      const [file] = (await readFixture('vbs-attachment.eml')).attachments;
      expect(file?.flags).toEqual(['executable']);
    });

    it('flags a shebang script named .txt by content', async () => {
      const [file] = (await readFixture('shebang-as-text.eml')).attachments;
      expect(file).toMatchObject({ filename: 'notes.txt', kind: 'executable', flags: ['executable'] });
    });

    it('flags an encrypted zip', async () => {
      const [file] = await attachmentsOf([
        { filename: 'payslips.zip', type: 'application/zip', bytes: encryptedZip('payslips.xlsx', 64) },
      ]);
      expect(file).toMatchObject({ kind: 'archive', flags: ['encrypted-archive', 'contents-not-scanned'] });
    });

    it('flags a zip inside a zip', async () => {
      const inner = zipBytes({ 'records.csv': text('a,b\n1,2\n') });
      const [byName, byContent] = await attachmentsOf([
        { filename: 'outer.zip', type: 'application/zip', bytes: zipBytes({ 'inner.zip': inner }) },
        { filename: 'outer2.zip', type: 'application/zip', bytes: zipBytes({ 'inner.dat': inner }) },
      ]);
      expect(byName?.flags).toEqual(['nested-archive', 'contents-not-scanned']);
      expect(byContent?.flags).toEqual(['nested-archive', 'contents-not-scanned']);
    });

    it("reads the text of a zip's entries like attachments of their own", async () => {
      const [zip] = await attachmentsOf([
        {
          filename: 'records.zip',
          type: 'application/zip',
          bytes: zipBytes({ 'records.csv': text('a,b\n1,2\n') }),
        },
      ]);
      expect(zip).toMatchObject({ kind: 'archive', flags: [] });
      expect(zip?.entries).toMatchObject([{ filename: 'records.csv', kind: 'csv', csvDataRows: 1 }]);
    });

    it('flags an executable inside a zip, by name and by content', async () => {
      const [byName, byContent] = await attachmentsOf([
        { filename: 'a.zip', type: 'application/zip', bytes: zipBytes({ 'setup.exe': text('not really') }) },
        { filename: 'b.zip', type: 'application/zip', bytes: zipBytes({ 'readme.txt': peBytes() }) },
      ]);
      expect(byName?.flags).toEqual(['executable']);
      expect(byContent?.flags).toEqual(['executable']);
    });

    it('does not flag a DOCX as an archive', async () => {
      const [file] = await attachmentsOf([
        { filename: 'a.zip', type: 'application/zip', bytes: docxBytes('Hello') },
      ]);
      expect(file).toMatchObject({ kind: 'docx', flags: [] });
    });

    it('reads attachments of an attached message', async () => {
      const mail = await readFixture('forwarded-message.eml');
      expect(mail.attachments.map((a) => [a.filename, a.detectedType])).toEqual([
        ['invoice.eml', 'message/rfc822'],
        ['invoice.js', 'text/x-script'],
      ]);
      expect(mail.attachments[1]?.flags).toEqual(['executable']);
    });

    it('hashes each attachment’s bytes', async () => {
      const bytes = minimalPdf('hash me');
      const [file] = await attachmentsOf([{ filename: 'h.pdf', type: 'application/pdf', bytes }]);
      expect(file?.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(file?.sizeBytes).toBe(bytes.byteLength);
    });
  });

  describe('bad input', () => {
    it.each([
      ['empty input', new Uint8Array(0), 'NOT_MIME'],
      ['a message with no headers', fixture('no-headers.eml'), 'NOT_MIME'],
      ['binary junk', new Uint8Array(4096).map((_, i) => (i * 131 + 7) & 0xff), 'NOT_MIME'],
      ['a cut-off part header', fixture('truncated-part-header.eml'), 'TRUNCATED'],
    ])('marks %s unreadable', async (_label, raw, reason) => {
      const outcome = await read(raw);
      expect(outcome).toMatchObject({ readable: false, reason, sizeBytes: raw.byteLength });
    });

    it('reads a message cut off inside an attachment and says so', async () => {
      const mail = await readFixture('truncated-body.eml');
      expect(mail.problems.map((p) => p.code)).toContain('TRUNCATED_NESTING');
      expect(mail.attachments[0]?.flags).toContain('extraction-failed');
    });

    it('reports a multipart without a boundary', async () => {
      const mail = await readFixture('missing-boundary.eml');
      expect(mail.problems).toContainEqual({
        code: 'MISSING_BOUNDARY',
        detail: 'multipart/mixed at depth 0 has no boundary parameter',
      });
    });

    it('reports a message with headers only', async () => {
      expect((await readFixture('headers-only.eml')).problems).toEqual([
        { code: 'NO_BODY', detail: 'message has headers only' },
      ]);
    });

    it('refuses 10,000 levels of nesting before parsing', async () => {
      let raw = 'From: a@example.org\r\nSubject: deep\r\n';
      for (let i = 0; i < 10_000; i++)
        raw += `Content-Type: multipart/mixed; boundary="b${i}"\r\n\r\n--b${i}\r\n`;
      raw += 'Content-Type: text/plain\r\n\r\nbottom\r\n';
      const outcome = await read(text(raw));
      expect(outcome).toMatchObject({
        readable: false,
        reason: 'TOO_DEEP',
        detail: `MIME nesting depth 21 exceeds limit ${DEFAULT_MAIL_LIMITS.maxDepth}`,
      });
    });

    it('refuses more parts than the limit', async () => {
      const files = Array.from({ length: 2_100 }, (_, i) => ({
        filename: `f${i}.txt`,
        type: 'text/plain',
        bytes: text('x'),
      }));
      const outcome = await read(mimeMessage({ attachments: files }));
      expect(outcome).toMatchObject({
        readable: false,
        reason: 'TOO_MANY_PARTS',
        detail: `more than ${DEFAULT_MAIL_LIMITS.maxParts} MIME parts (limit ${DEFAULT_MAIL_LIMITS.maxParts})`,
      });
    });

    it("refuses header bytes over the parser's budget across parts, named by postal-mime's error code", async () => {
      // Each part's header section is under the pre-scan's per-section cap; together they are over.
      const filler = `X-Filler: ${'h'.repeat(1000)}\r\n`.repeat(600);
      const part = (n: number) => `--b\r\n${filler}Content-Type: text/plain\r\n\r\npart ${n}\r\n`;
      const raw = `From: a@example.org\r\nSubject: big\r\nContent-Type: multipart/mixed; boundary="b"\r\n\r\n${part(1)}${part(2)}--b--\r\n`;
      expect(await read(text(raw))).toMatchObject({
        readable: false,
        reason: 'TOO_LARGE',
        detail: `header bytes over all parts exceed ${MAX_HEADER_BYTES}`,
      });
    });

    it('reads a 25 MB message with attachments under the default limits', async () => {
      const chunk = new Uint8Array(6 * 1024 * 1024).map((_, i) => (i % 251) + 1);
      const raw = mimeMessage({
        attachments: [0, 1, 2].map((i) => ({
          filename: `scan${i}.bin`,
          type: 'application/octet-stream',
          bytes: chunk,
        })),
      });
      expect(raw.byteLength).toBeGreaterThan(24 * 1024 * 1024);
      const mail = readable(await read(raw));
      expect(mail.attachments).toHaveLength(3);
      expect(mail.sizeBytes).toBe(raw.byteLength);
    });

    it('refuses a message over the raw size limit without parsing it', async () => {
      const raw = mimeMessage({ text: 'x'.repeat(2048) });
      expect(await read(raw, { maxRawBytes: 1024 })).toMatchObject({
        readable: false,
        reason: 'TOO_LARGE',
        detail: `message is ${raw.byteLength} bytes, over the 1024-byte limit`,
      });
    });

    it('refuses decoded parts over the decoded limit', async () => {
      const raw = mimeMessage({
        attachments: [{ filename: 'a.bin', type: 'application/octet-stream', bytes: new Uint8Array(4096) }],
      });
      expect(await read(raw, { maxDecodedBytes: 1000 })).toMatchObject({
        readable: false,
        reason: 'DECODED_TOO_LARGE',
        detail: 'decoded parts exceed the 1000-byte limit',
      });
    });

    it('refuses attached messages nested deeper than the limit', async () => {
      let raw = 'From: a@example.org\r\nSubject: bottom\r\n\r\nbottom\r\n';
      for (let i = 0; i < 5; i++) {
        raw = `From: a@example.org\r\nSubject: level ${i}\r\nContent-Type: message/rfc822\r\n\r\n${raw}`;
      }
      expect(await read(text(raw), { maxDepth: 3 })).toMatchObject({
        readable: false,
        reason: 'TOO_DEEP',
      });
      expect((await read(text(raw))).readable).toBe(true);
    });

    it('leaves the raw input untouched', async () => {
      const raw = mimeMessage({
        attachments: [
          { filename: 'r.pdf', type: 'application/pdf', bytes: minimalPdf('unchanged') },
          { filename: 'd.docx', type: 'application/octet-stream', bytes: docxBytes('unchanged') },
          { filename: 'z.zip', type: 'application/zip', bytes: zipBytes({ 'a.exe': peBytes() }) },
        ],
      });
      const before = createHash('sha256').update(raw).digest('hex');
      await read(raw);
      expect(createHash('sha256').update(raw).digest('hex')).toBe(before);
    });

    it('never throws and always returns an outcome for arbitrary bytes', async () => {
      await fc.assert(
        fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), async (bytes) => {
          const outcome = await read(bytes);
          expect(typeof outcome.readable).toBe('boolean');
          expect(outcome.readable ? outcome.mail.sizeBytes : outcome.sizeBytes).toBe(bytes.byteLength);
        }),
        { numRuns: 200 },
      );
    });

    it('never throws for MIME-shaped fragments', async () => {
      const piece = fc.constantFrom(
        'From: a@example.org\r\n',
        'Content-Type: multipart/mixed; boundary="b"\r\n',
        'Content-Type: message/rfc822\r\n',
        'Content-Transfer-Encoding: base64\r\n',
        '\r\n',
        '--b\r\n',
        '--b--\r\n',
        'UEsDBBQAAAAI\r\n',
        '=?utf-8?B?w6k=?=\r\n',
        ' folded\r\n',
      );
      await fc.assert(
        fc.asyncProperty(fc.array(piece, { maxLength: 60 }), async (pieces) => {
          const outcome = await read(text(pieces.join('')));
          expect(['boolean']).toContain(typeof outcome.readable);
        }),
        { numRuns: 200 },
      );
    });
  });
});
