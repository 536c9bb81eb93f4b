/**
 * Spam and virus verdicts for the local SES stand-in. There is no scanner locally, so these are
 * NOT scans: they only recognise the industry's standard test strings — EICAR's anti-virus test
 * file and SpamAssassin's GTUBE — anywhere in the message, its decoded text or its decoded
 * attachments (including attached messages). Every other message gets PASS. That is enough to
 * drive the pipeline's verdict rules end to end; it says nothing about real malware or spam.
 */
import PostalMime from 'postal-mime';
import type { ScanVerdict } from '../shared/mail/inbound-mail.ts';

/** A verdict SES writes; SES never writes UNKNOWN. */
export type SesScanVerdict = Exclude<ScanVerdict, 'UNKNOWN'>;

/** How the listener gets `X-SES-Spam-Verdict` and `X-SES-Virus-Verdict` for a message. */
export interface ScanFunctions {
  readonly spam: (raw: Uint8Array) => Promise<SesScanVerdict>;
  readonly virus: (raw: Uint8Array) => Promise<SesScanVerdict>;
}

// Kept in two halves so this source file is not itself reported by a desktop virus scanner.
/** EICAR's anti-virus test file (eicar.org). */
export const EICAR_TEST_STRING = [
  'X5O!P%@AP[4\\PZX54(P^)7CC)7}$',
  'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*',
].join('');
/** GTUBE, the Generic Test for Unsolicited Bulk Email (SpamAssassin). */
export const GTUBE_TEST_STRING = [
  'XJS*C4JDBQADN1.NSBN3*2IDNEN*',
  'GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X',
].join('');

const MAX_ATTACHED_MESSAGE_DEPTH = 3;

/** Test-string verdicts; each message is decoded once for both. */
export function testStringScan(): ScanFunctions {
  const decoded = new WeakMap<Uint8Array, Promise<readonly Buffer[]>>();
  const contents = (raw: Uint8Array): Promise<readonly Buffer[]> => {
    let found = decoded.get(raw);
    if (!found) {
      found = decodedContents(raw, 0);
      decoded.set(raw, found);
    }
    return found;
  };
  const verdict =
    (needle: string) =>
    async (raw: Uint8Array): Promise<SesScanVerdict> =>
      (await contents(raw)).some((bytes) => bytes.includes(needle)) ? 'FAIL' : 'PASS';
  return { spam: verdict(GTUBE_TEST_STRING), virus: verdict(EICAR_TEST_STRING) };
}

/** The raw message and what MIME decoding yields from it: text, HTML and attachment bytes. */
async function decodedContents(raw: Uint8Array, depth: number): Promise<readonly Buffer[]> {
  const out: Buffer[] = [asBuffer(raw)];
  let email: Awaited<ReturnType<typeof PostalMime.parse>>;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer' });
  } catch {
    return out; // undecodable MIME: the raw bytes are all there is to look at
  }
  for (const text of [email.text, email.html]) if (text) out.push(Buffer.from(text, 'utf8'));
  for (const attachment of email.attachments) {
    const { content } = attachment;
    const bytes =
      typeof content === 'string'
        ? Buffer.from(content, 'utf8')
        : asBuffer(content instanceof ArrayBuffer ? new Uint8Array(content) : content);
    out.push(bytes);
    const attachedMessage =
      attachment.mimeType === 'message/rfc822' || attachment.mimeType === 'message/global';
    if (attachedMessage && depth < MAX_ATTACHED_MESSAGE_DEPTH) {
      out.push(...(await decodedContents(bytes, depth + 1)).slice(1));
    }
  }
  return out;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
