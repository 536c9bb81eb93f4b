import { type SESClient, SendRawEmailCommand } from '@aws-sdk/client-ses';
import type { Mailer, OutboundMessage } from '../pipeline/ports.ts';

export interface SesMailerOptions {
  /** SES configuration set for sending events and reputation metrics. Default: none. */
  readonly configurationSetName?: string;
}

/**
 * SES refused the send for now (sending rate or quota). Retryable: the pipeline rethrows it so
 * SQS redelivers the message later, and the notification's claim has already been released.
 */
export class MailerThrottledError extends Error {
  override readonly name = 'MailerThrottledError';
  readonly retryable = true;
  /** SES's error name (`Throttling`, `ThrottlingException`), for the audit entry and the logs. */
  readonly code: string;

  constructor(code: string, options?: ErrorOptions) {
    super('SES throttled the send', options);
    this.code = code;
  }
}

/** SES answered without a message id, which it always returns for an accepted message. */
export class MailerResponseError extends Error {
  override readonly name = 'MailerResponseError';
}

/**
 * Sends composed MIME through SES v1 SendRawEmail. `Destinations` is given explicitly so SES
 * delivers to exactly these recipients, whatever the headers say.
 */
export class SesMailer implements Mailer {
  readonly #ses: SESClient;
  readonly #configurationSetName: string | undefined;

  constructor(ses: SESClient, options: SesMailerOptions = {}) {
    this.#ses = ses;
    this.#configurationSetName = options.configurationSetName;
  }

  async send(message: OutboundMessage): Promise<string> {
    let messageId: string | undefined;
    try {
      ({ MessageId: messageId } = await this.#ses.send(
        new SendRawEmailCommand({
          Source: message.from,
          Destinations: [...message.to],
          RawMessage: { Data: message.raw },
          ...(this.#configurationSetName ? { ConfigurationSetName: this.#configurationSetName } : {}),
        }),
      ));
    } catch (error) {
      if (isThrottling(error)) throw new MailerThrottledError(error.name, { cause: error });
      throw error;
    }
    if (!messageId) throw new MailerResponseError('SES returned no message id');
    return messageId;
  }
}

/** SES v1 says `Throttling`; the v2 API and some SDK paths say `ThrottlingException`. */
function isThrottling(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return (
    error.name === 'Throttling' ||
    error.name === 'ThrottlingException' ||
    error.message.includes('Maximum sending rate exceeded')
  );
}
