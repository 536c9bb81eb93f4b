import { type PinpointSMSVoiceV2Client, SendTextMessageCommand } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { SmsSender, TextMessage } from '../pipeline/ports.ts';

/** AWS End User Messaging refused the text for now (rate or spend limit); retryable. */
export class SmsThrottledError extends Error {
  override readonly name = 'SmsThrottledError';
  readonly retryable = true;
}

/**
 * Sends a transactional text through AWS End User Messaging SMS (`SendTextMessage`) from one
 * origination identity (a phone number, pool or sender id ARN), the only resource the function
 * is allowed to send from.
 */
export class EndUserMessagingSmsSender implements SmsSender {
  readonly #client: PinpointSMSVoiceV2Client;
  readonly #originationIdentity: string;

  constructor(client: PinpointSMSVoiceV2Client, originationIdentity: string) {
    this.#client = client;
    this.#originationIdentity = originationIdentity;
  }

  async send(message: TextMessage): Promise<string> {
    try {
      const { MessageId } = await this.#client.send(
        new SendTextMessageCommand({
          DestinationPhoneNumber: message.to,
          OriginationIdentity: this.#originationIdentity,
          MessageBody: message.body,
          MessageType: 'TRANSACTIONAL',
          Context: { templateId: message.templateId },
        }),
      );
      if (!MessageId) throw new Error('End User Messaging returned no message id');
      return MessageId;
    } catch (error) {
      if (error instanceof Error && error.name === 'ThrottlingException')
        throw new SmsThrottledError('End User Messaging throttled the text', { cause: error });
      throw error;
    }
  }
}
