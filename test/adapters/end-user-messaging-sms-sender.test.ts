import {
  PinpointSMSVoiceV2Client,
  PinpointSMSVoiceV2ServiceException,
  SendTextMessageCommand,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  EndUserMessagingSmsSender,
  SmsThrottledError,
} from '../../shared/adapters/end-user-messaging-sms-sender.ts';

const client = mockClient(PinpointSMSVoiceV2Client);
const POOL = 'arn:aws:sms-voice:eu-west-2:111122223333:pool/pool-caveat';
const TEXT = { to: '+447400123456', body: 'DWP: …', templateId: 'caveat-confirm-request-v1' };
const sender = () =>
  new EndUserMessagingSmsSender(new PinpointSMSVoiceV2Client({ region: 'eu-west-2' }), POOL);

beforeEach(() => client.reset());

describe('EndUserMessagingSmsSender', () => {
  it('sends a transactional text from the origination identity and returns the message id', async () => {
    client.on(SendTextMessageCommand).resolves({ MessageId: 'sms-1' });
    expect(await sender().send(TEXT)).toBe('sms-1');
    expect(client.commandCalls(SendTextMessageCommand).map((c) => c.args[0].input)).toEqual([
      {
        DestinationPhoneNumber: '+447400123456',
        OriginationIdentity: POOL,
        MessageBody: 'DWP: …',
        MessageType: 'TRANSACTIONAL',
        Context: { templateId: 'caveat-confirm-request-v1' },
      },
    ]);
  });

  it('turns throttling into a retryable domain error', async () => {
    client.on(SendTextMessageCommand).rejects(
      new PinpointSMSVoiceV2ServiceException({
        name: 'ThrottlingException',
        $fault: 'client',
        $metadata: {},
        message: 'rate',
      }),
    );
    await expect(sender().send(TEXT)).rejects.toBeInstanceOf(SmsThrottledError);
  });

  it('refuses an answer without a message id', async () => {
    client.on(SendTextMessageCommand).resolves({});
    await expect(sender().send(TEXT)).rejects.toThrow('no message id');
  });
});
