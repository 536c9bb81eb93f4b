/**
 * Reports arrive plain, gzip'd or zipped (RFC 7489 §7.2.1.1 for DMARC, RFC 8460 §5.3 for TLS-RPT).
 * The compression is recognised by its magic bytes, not the file name, and decompression stops at
 * a size cap, so a compression bomb ends as a malformed report rather than an out-of-memory crash.
 */
import { gunzipSync } from 'node:zlib';
import yauzl from 'yauzl';
import { MalformedReportError } from './report-error.ts';

/** Largest report, once decompressed, Caveat reads (real aggregate reports are kilobytes). */
export const MAX_REPORT_BYTES = 20 * 1024 * 1024;

export type ReportCompression = 'none' | 'gzip' | 'zip';

export interface UnpackedReport {
  readonly compression: ReportCompression;
  readonly bytes: Uint8Array;
}

const GZIP = [0x1f, 0x8b];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const startsWith = (bytes: Uint8Array, magic: readonly number[]) => magic.every((b, i) => bytes[i] === b);

export async function unpackReport(bytes: Uint8Array, maxBytes = MAX_REPORT_BYTES): Promise<UnpackedReport> {
  if (startsWith(bytes, GZIP)) return { compression: 'gzip', bytes: gunzip(bytes, maxBytes) };
  if (startsWith(bytes, ZIP)) return { compression: 'zip', bytes: await unzipOne(bytes, maxBytes) };
  if (bytes.byteLength > maxBytes) {
    throw new MalformedReportError(`report is ${bytes.byteLength} bytes, over the ${maxBytes}-byte limit`);
  }
  return { compression: 'none', bytes };
}

function gunzip(bytes: Uint8Array, maxBytes: number): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') {
      throw new MalformedReportError(`gzip report expands past the ${maxBytes}-byte limit`, { cause: error });
    }
    throw new MalformedReportError(`gzip report is corrupt (${code ?? 'unreadable'})`, { cause: error });
  }
}

/** The zip's one file (reports hold exactly one; folders are skipped), read within the cap. */
async function unzipOne(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  let zip: yauzl.ZipFile;
  try {
    zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(Buffer.from(bytes), { lazyEntries: true, validateEntrySizes: true }, (error, file) =>
        error ? reject(error) : resolve(file),
      ),
    );
  } catch (error) {
    throw new MalformedReportError(`zip report is corrupt (${(error as Error).message})`, { cause: error });
  }
  try {
    const entries = await listFiles(zip);
    if (entries.length !== 1) {
      throw new MalformedReportError(`zip report holds ${entries.length} files; a report holds exactly one`);
    }
    const [entry] = entries as [yauzl.Entry];
    if (entry.uncompressedSize > maxBytes) {
      throw new MalformedReportError(
        `zip report's file is ${entry.uncompressedSize} bytes, over the ${maxBytes}-byte limit`,
      );
    }
    return await readEntry(zip, entry, maxBytes);
  } finally {
    zip.close();
  }
}

function listFiles(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const files: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      if (!entry.fileName.endsWith('/')) files.push(entry);
      zip.readEntry();
    });
    zip.on('end', () => resolve(files));
    zip.on('error', (error: Error) =>
      reject(new MalformedReportError(`zip report is corrupt (${error.message})`, { cause: error })),
    );
    zip.readEntry();
  });
}

function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, maxBytes: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error)
        return reject(
          new MalformedReportError(`zip report cannot be read (${error.message})`, { cause: error }),
        );
      const chunks: Buffer[] = [];
      let total = 0;
      stream.on('data', (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > maxBytes) {
          stream.destroy(new MalformedReportError(`zip report expands past the ${maxBytes}-byte limit`));
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (streamError: Error) =>
        reject(
          streamError instanceof MalformedReportError
            ? streamError
            : new MalformedReportError(`zip report is corrupt (${streamError.message})`, {
                cause: streamError,
              }),
        ),
      );
      stream.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    });
  });
}
