import { PublishCommand, SNSClient, SNSServiceException } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { SmsThrottledError, SnsSmsSender } from '../../shared/adapters/sns-sms-sender.ts';

const sns = mockClient(SNSClient);
const TEXT = { to: '+447400123456', body: 'DWP: …', templateId: 'caveat-confirm-request-v1' };

beforeEach(() => sns.reset());

describe('SnsSmsSender', () => {
  it('publishes a transactional text to the number and returns the SNS message id', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    expect(
      await new SnsSmsSender(new SNSClient({ region: 'eu-west-2' }), { senderId: 'DWP' }).send(TEXT),
    ).toBe('sns-1');
    expect(sns.commandCalls(PublishCommand).map((c) => c.args[0].input)).toEqual([
      {
        PhoneNumber: '+447400123456',
        Message: 'DWP: …',
        MessageAttributes: {
          'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
          'AWS.SNS.SMS.SenderID': { DataType: 'String', StringValue: 'DWP' },
        },
      },
    ]);
  });

  it('turns throttling into a retryable domain error', async () => {
    sns.on(PublishCommand).rejects(
      new SNSServiceException({
        name: 'ThrottledException',
        $fault: 'client',
        $metadata: {},
        message: 'rate',
      }),
    );
    await expect(new SnsSmsSender(new SNSClient({ region: 'eu-west-2' })).send(TEXT)).rejects.toBeInstanceOf(
      SmsThrottledError,
    );
  });

  it('refuses an answer without a message id', async () => {
    sns.on(PublishCommand).resolves({});
    await expect(new SnsSmsSender(new SNSClient({ region: 'eu-west-2' })).send(TEXT)).rejects.toThrow(
      'no message id',
    );
  });
});
