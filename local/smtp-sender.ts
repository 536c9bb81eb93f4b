/**
 * A sending MTA for the local stack: mail goes to the SMTP listener over a pool of connections
 * (nodemailer's, one pool per sending host name, since HELO is per connection), at most
 * `concurrency` messages at a time, and a message that gets a 4xx reply is sent again after a
 * pause, as RFC 5321 §4.5.4.1 asks of a sender. So a service that is down for a while delays
 * mail without losing it. The listener's id for each message is read from its 250 reply.
 */
import { performance } from 'node:perf_hooks';
import { createTransport, type Transporter } from 'nodemailer';
import { DEMO_DKIM_SELECTOR } from './dns-zone.ts';

/** One message as a sending host hands it over. */
export interface OutgoingMail {
  readonly raw: Buffer;
  /** Envelope sender (MAIL FROM). */
  readonly from: string;
  /** Envelope recipients (RCPT TO). */
  readonly to: readonly string[];
  /** The sending host's name (HELO). */
  readonly helo: string;
  /** Sign with the demo DKIM key for this domain. */
  readonly dkimDomain?: string;
}

/** A message the listener accepted. */
export interface AcceptedMail {
  readonly mail: OutgoingMail;
  /** The listener's id for it: the audit table's `messageId`. */
  readonly messageId: string;
  /** `performance.now()` when the 250 reply arrived. */
  readonly acceptedAt: number;
  /** How many times it was sent, counting the accepted one. */
  readonly attempts: number;
}

export interface SmtpSenderOptions {
  readonly host: string;
  readonly port: number;
  /** Messages in flight at once, and connections per sending host. Default 1. */
  readonly concurrency?: number;
  /** The demo senders' DKIM private key, for mail with a `dkimDomain`. */
  readonly dkimPrivateKeyPem?: string;
  /** How long a message is retried after 4xx replies or refused connections. Default 120 s. */
  readonly retryForMs?: number;
  /** Pause before sending again. Default 250 ms. */
  readonly retryDelayMs?: number;
}

export interface SmtpSender {
  /** Sends every message, `concurrency` at a time; resolves in the order given. */
  sendAll(
    mails: readonly OutgoingMail[],
    onAccepted?: (accepted: AcceptedMail) => void,
  ): Promise<AcceptedMail[]>;
  send(mail: OutgoingMail): Promise<AcceptedMail>;
  close(): void;
}

/** Sending gave up: a 5xx reply, or 4xx replies for longer than `retryForMs`. */
export class MailNotAcceptedError extends Error {
  override readonly name = 'MailNotAcceptedError';
}

export function smtpSender(options: SmtpSenderOptions): SmtpSender {
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const retryForMs = options.retryForMs ?? 120_000;
  const retryDelayMs = options.retryDelayMs ?? 250;
  const pools = new Map<string, Transporter>();
  const pool = (helo: string) => {
    let transport = pools.get(helo);
    if (!transport) {
      transport = createTransport({
        host: options.host,
        port: options.port,
        secure: false,
        ignoreTLS: true,
        name: helo,
        pool: true,
        maxConnections: concurrency,
        maxMessages: Number.POSITIVE_INFINITY,
      });
      pools.set(helo, transport);
    }
    return transport;
  };

  const send = async (mail: OutgoingMail): Promise<AcceptedMail> => {
    const giveUpAt = performance.now() + retryForMs;
    for (let attempts = 1; ; attempts++) {
      try {
        const info = await pool(mail.helo).sendMail({
          envelope: { from: mail.from, to: [...mail.to] },
          raw: mail.raw,
          ...(mail.dkimDomain && options.dkimPrivateKeyPem
            ? {
                dkim: {
                  domainName: mail.dkimDomain,
                  keySelector: DEMO_DKIM_SELECTOR,
                  privateKey: options.dkimPrivateKeyPem,
                },
              }
            : {}),
        });
        const acceptedAt = performance.now();
        const reply = String(info.response ?? '');
        const messageId = /\bOk ([0-9a-z]{40})\b/.exec(reply)?.[1];
        if (!messageId) throw new MailNotAcceptedError(`unexpected SMTP reply: ${reply}`);
        return { mail, messageId, acceptedAt, attempts };
      } catch (error) {
        if (!isTemporary(error) || performance.now() >= giveUpAt) {
          throw new MailNotAcceptedError(`not accepted after ${attempts} attempt(s)`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs));
      }
    }
  };

  return {
    send,
    sendAll: async (mails, onAccepted) => {
      const accepted: AcceptedMail[] = new Array(mails.length);
      let next = 0;
      const worker = async () => {
        for (let index = next++; index < mails.length; index = next++) {
          const mail = mails[index] as OutgoingMail;
          const done = await send(mail);
          accepted[index] = done;
          onAccepted?.(done);
        }
      };
      await Promise.all(Array.from({ length: Math.min(concurrency, mails.length) }, worker));
      return accepted;
    },
    close: () => {
      for (const transport of pools.values()) transport.close();
      pools.clear();
    },
  };
}

/** A 4xx reply, or a connection the listener refused or dropped: worth sending again. */
function isTemporary(error: unknown): boolean {
  const { responseCode, code } = error as { responseCode?: number; code?: string };
  if (typeof responseCode === 'number') return responseCode >= 400 && responseCode < 500;
  return code === 'ECONNECTION' || code === 'ETIMEDOUT' || code === 'ESOCKET';
}
