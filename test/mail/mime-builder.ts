import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';

/** Bytes of a fixture under test/fixtures/mail. */
export function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.resolve(import.meta.dirname, '../fixtures/mail', name)));
}

export interface FileSpec {
  readonly filename: string;
  readonly type: string;
  readonly bytes: Uint8Array;
}

/** A multipart/mixed message (CRLF) with a text part and base64 attachments. */
export function mimeMessage(options: {
  text?: string;
  attachments?: readonly FileSpec[];
  headers?: string;
}): Uint8Array {
  const boundary = 'caveat-test-boundary';
  const lines = [
    options.headers ??
      'From: Sender <sender@agency-example.gov.uk>\r\nTo: team@agency-example.gov.uk\r\nSubject: Test',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    options.text ?? 'Please see attached.',
  ];
  for (const file of options.attachments ?? []) {
    lines.push(
      `--${boundary}`,
      `Content-Type: ${file.type}; name="${file.filename}"`,
      `Content-Disposition: attachment; filename="${file.filename}"`,
      'Content-Transfer-Encoding: base64',
      '',
      ...(Buffer.from(file.bytes)
        .toString('base64')
        .match(/.{1,76}/g) ?? []),
    );
  }
  lines.push(`--${boundary}--`, '');
  return new TextEncoder().encode(lines.join('\r\n'));
}

/** A one-page PDF showing `text`, with a correct cross-reference table. */
export function minimalPdf(text: string): Uint8Array {
  const stream = `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** A minimal Word document whose body is one paragraph. */
export function docxBytes(paragraph: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p></w:body></w:document>`,
    ),
  });
}

/** A zip of stored entries, built with fflate. */
export function zipBytes(entries: Record<string, Uint8Array>): Uint8Array {
  return zipSync(entries, { level: 0 });
}

/**
 * A zip with one ZipCrypto-encrypted stored entry, written by hand: general-purpose bit 0 set in
 * the local and central headers, and the 12-byte encryption header counted in the compressed size.
 */
export function encryptedZip(name: string, plainSize: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const data = new Uint8Array(12 + plainSize).map((_, i) => (i * 37 + 11) & 0xff);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(6, 0x0001, true); // bit 0: encrypted
  local.setUint16(8, 0, true); // stored
  local.setUint32(18, data.length, true);
  local.setUint32(22, plainSize, true);
  local.setUint16(26, nameBytes.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(8, 0x0001, true);
  central.setUint32(20, data.length, true);
  central.setUint32(24, plainSize, true);
  central.setUint16(28, nameBytes.length, true);
  const localLength = 30 + nameBytes.length + data.length;
  const centralLength = 46 + nameBytes.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, centralLength, true);
  end.setUint32(16, localLength, true);
  return new Uint8Array(
    Buffer.concat([
      new Uint8Array(local.buffer),
      nameBytes,
      data,
      new Uint8Array(central.buffer),
      nameBytes,
      new Uint8Array(end.buffer),
    ]),
  );
}

const padded = (head: readonly number[]): Uint8Array => {
  const bytes = new Uint8Array(256);
  bytes.set(head);
  return bytes;
};

/** The start of a Windows PE file. */
export const peBytes = (): Uint8Array => padded([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]);
/** The start of a 64-bit little-endian ELF file. */
export const elfBytes = (): Uint8Array => padded([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]);
/** The start of a Mach-O file with the given 4 magic bytes (then a small count). */
export const machoBytes = (magic: readonly number[]): Uint8Array =>
  padded([...magic, 0x00, 0x00, 0x00, 0x02]);
