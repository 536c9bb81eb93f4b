import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import type { SmsSender, TextMessage } from '../pipeline/ports.ts';

export interface SnsSmsSenderOptions {
  /** Registered sender id shown on the handset, where the country allows one. Default: none. */
  readonly senderId?: string;
}

/** SNS refused the text for now (rate or spend limit); retryable like a throttled email. */
export class SmsThrottledError extends Error {
  override readonly name = 'SmsThrottledError';
  readonly retryable = true;
}

/**
 * Sends a text with SNS Publish to a phone number, marked Transactional so it is delivered
 * ahead of promotional traffic and not subject to marketing opt-out timing.
 */
export class SnsSmsSender implements SmsSender {
  readonly #sns: SNSClient;
  readonly #senderId: string | undefined;

  constructor(sns: SNSClient, options: SnsSmsSenderOptions = {}) {
    this.#sns = sns;
    this.#senderId = options.senderId;
  }

  async send(message: TextMessage): Promise<string> {
    try {
      const { MessageId } = await this.#sns.send(
        new PublishCommand({
          PhoneNumber: message.to,
          Message: message.body,
          MessageAttributes: {
            'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
            ...(this.#senderId
              ? { 'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: this.#senderId } }
              : {}),
          },
        }),
      );
      if (!MessageId) throw new Error('SNS returned no message id');
      return MessageId;
    } catch (error) {
      if (error instanceof Error && (error.name === 'ThrottledException' || error.name === 'Throttling'))
        throw new SmsThrottledError('SNS throttled the text', { cause: error });
      throw error;
    }
  }
}
