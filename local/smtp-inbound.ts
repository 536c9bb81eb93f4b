/**
 * An SMTP listener on loopback that plays Amazon SES inbound for the local stack: it accepts mail
 * for the configured shared addresses only, checks SPF, DKIM and DMARC with mailauth against the
 * given resolver (see `local/dns-zone.ts`), prepends SES's header block (`local/ses-receipt.ts`)
 * and writes one raw object per recipient under `inbound/<address>/<message id>`, as SES's S3
 * action does. Spam and virus verdicts come from `scan`, by default the test-string check of
 * `local/test-string-scan.ts` (no real scanning happens locally).
 *
 * It answers `250 Ok <message id>` only once every object is written, and 451 otherwise, so a sender retries and
 * nothing is lost (a retry after a partial failure may store a second copy, as SES's
 * at-least-once delivery can). No AUTH (SES inbound has none); STARTTLS only when a key and certificate are
 * given, and never required. It logs nothing: envelopes and messages hold personal data.
 */
import { authenticate, type DNSResolver } from 'mailauth';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { DEFAULT_MAIL_LIMITS } from '../shared/mail/limits.ts';
import { MAIL_KEY_PREFIXES } from '../shared/pipeline/mail-keys.ts';
import type { DnsResolver } from './dns-zone.ts';
import { freePort } from './free-port.ts';
import { type ReceiptFacts, sesMessageId, sesReceiptHeaders } from './ses-receipt.ts';
import { type ScanFunctions, testStringScan } from './test-string-scan.ts';

/** What a `clientIp` override sees of the connection. */
export interface SmtpClient {
  readonly remoteAddress: string;
  readonly helo: string;
  readonly mailFrom: string;
}

export interface SmtpInboundOptions {
  /** Default: a free port on loopback. */
  readonly port?: number;
  /** The name this host greets with and writes in `Received` (e.g. `inbound-smtp.local`). */
  readonly hostname: string;
  /** Shared addresses mail is accepted for; any other recipient gets 550 5.1.1. */
  readonly mailboxes: readonly string[];
  /** Advertised with SIZE and enforced (552 5.3.4). Default 40 MiB, SES's inbound maximum. */
  readonly maxMessageBytes?: number;
  /** DNS for SPF, DKIM and DMARC. */
  readonly resolver: DnsResolver;
  /** Stores one raw object; the listener answers 250 only after it resolves. */
  readonly writeRaw: (key: string, raw: Uint8Array) => Promise<void>;
  /** Spam and virus verdicts. Default: EICAR / GTUBE test strings only. */
  readonly scan?: ScanFunctions;
  /**
   * The sending IP to evaluate SPF for. Default: the connection's address, which is loopback
   * locally, so tests and the demo use this to play a sender's real address.
   */
  readonly clientIp?: (client: SmtpClient) => string;
  /** PEM key and certificate: STARTTLS is offered only when given. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

export interface SmtpInbound {
  readonly host: string;
  readonly port: number;
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';

/** An SMTP reply with its code; smtp-server adds the enhanced status code for it. */
class SmtpReplyError extends Error {
  override readonly name = 'SmtpReplyError';
  readonly responseCode: number;
  constructor(responseCode: number, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.responseCode = responseCode;
  }
}

export async function startSmtpInbound(options: SmtpInboundOptions): Promise<SmtpInbound> {
  const port = options.port ?? (await freePort());
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAIL_LIMITS.maxRawBytes;
  const mailboxes = new Set(options.mailboxes.map((m) => m.toLowerCase()));
  const scan = options.scan ?? testStringScan();

  const receive = async (raw: Buffer, session: SMTPServerSession): Promise<string> => {
    const helo = session.hostNameAppearsAs || '';
    const mailFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
    const remoteAddress = session.remoteAddress.replace(/^::ffff:/, '');
    const clientIp = options.clientIp?.({ remoteAddress, helo, mailFrom }) ?? remoteAddress;
    const [auth, spam, virus] = await Promise.all([
      // SES checks neither ARC nor BIMI.
      authenticate(raw, {
        ip: clientIp,
        helo,
        sender: mailFrom,
        mta: options.hostname,
        // mailauth's type leaves out MX answers, which it reads as node:dns's { exchange, priority }.
        resolver: options.resolver as DNSResolver,
        disableArc: true,
        disableBimi: true,
      }),
      scan.spam(raw).catch(() => 'PROCESSING_FAILED' as const),
      scan.virus(raw).catch(() => 'PROCESSING_FAILED' as const),
    ]);
    const facts: Omit<ReceiptFacts, 'recipient'> = {
      messageId: sesMessageId(),
      receivedAt: new Date(),
      hostname: options.hostname,
      helo,
      clientIp,
      mailFrom,
      spam,
      virus,
      spf: auth.spf
        ? { result: auth.spf.status.result, domain: auth.spf.domain }
        : { result: 'none', domain: '' },
      dkim: auth.dkim.results.flatMap((r) =>
        r.signingDomain ? [{ result: r.status.result, domain: r.signingDomain }] : [],
      ),
      dmarc: auth.dmarc
        ? { result: auth.dmarc.status.result, headerFrom: auth.dmarc.status.header?.from }
        : // SES does not document this case; no From is no DMARC, several From domains an error.
          { result: auth.dmarcSkipReason === 'no-author-domain' ? 'none' : 'permerror' },
    };
    // One object per recipient, as one SES receipt rule per shared address writes; each names
    // only its own recipient, so a Bcc'd mailbox stays out of the others' copies.
    await Promise.all(
      session.envelope.rcptTo.map((rcpt) => {
        const recipient = rcpt.address.toLowerCase();
        const headers = new TextEncoder().encode(sesReceiptHeaders({ ...facts, recipient }));
        const object = new Uint8Array(headers.byteLength + raw.byteLength);
        object.set(headers);
        object.set(raw, headers.byteLength);
        return options.writeRaw(`${MAIL_KEY_PREFIXES.inbound}${recipient}/${facts.messageId}`, object);
      }),
    );
    return facts.messageId;
  };

  const server = new SMTPServer({
    name: options.hostname,
    banner: 'Caveat local SES inbound',
    logger: false,
    size: maxBytes,
    rejectOversized: true,
    // Replies carry RFC 3463 codes (550 5.1.1, 552 5.3.4, 451 4.3.0) as SES's do.
    hideENHANCEDSTATUSCODES: false,
    authOptional: true,
    disabledCommands: options.tls ? ['AUTH'] : ['AUTH', 'STARTTLS'],
    ...(options.tls ? { key: options.tls.key, cert: options.tls.cert } : {}),
    disableReverseLookup: true,
    closeTimeout: 2_000,
    onRcptTo(address, _session, callback) {
      if (mailboxes.has(address.address.toLowerCase())) return callback();
      callback(new SmtpReplyError(550, 'Mailbox does not exist'));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!stream.sizeExceeded) chunks.push(chunk);
      });
      stream.on('end', () => {
        // smtp-server answers 552 5.3.4 itself (rejectOversized); just never store it.
        if (stream.sizeExceeded) return callback();
        receive(Buffer.concat(chunks), session).then(
          // The id in the reply lets a sender (the demo, a test) find the message's audit entries.
          (messageId) => callback(null, `Ok ${messageId}`),
          (error: unknown) =>
            callback(new SmtpReplyError(451, 'Temporary failure, try again later', { cause: error })),
        );
      });
    },
  });
  server.on('error', () => {
    // Per-connection errors (a client hanging up mid-command) must not stop the listener.
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, HOST, () => {
      server.server.off('error', reject);
      resolve();
    });
  });
  return {
    host: HOST,
    port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
