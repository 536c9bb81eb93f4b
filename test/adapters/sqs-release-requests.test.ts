import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { SqsReleaseRequests } from '../../shared/adapters/sqs-release-requests.ts';
import { holdKeyOf, isReleaseRequest } from '../../shared/confirm/release-request.ts';

const QUEUE = 'https://sqs.eu-west-2.amazonaws.com/123456789012/caveat-inbound';
const HOLD_KEY = 'universal.credit@caveat.example.gov.uk/0100019a-m1';
const sqs = mockClient(SQSClient);
afterEach(() => sqs.reset());

describe('SqsReleaseRequests', () => {
  it('sends one release request naming the hold to the ingest queue', async () => {
    sqs.on(SendMessageCommand).resolves({ MessageId: 'q-1' });
    await new SqsReleaseRequests(new SQSClient({ region: 'eu-west-2' }), QUEUE).request(HOLD_KEY);
    const [call] = sqs.commandCalls(SendMessageCommand);
    expect(call?.args[0].input.QueueUrl).toBe(QUEUE);
    const body = String(call?.args[0].input.MessageBody);
    expect(isReleaseRequest(body)).toBe(true);
    expect(holdKeyOf(body)).toBe(HOLD_KEY);
  });

  it('passes a failed send on, so the page answers with an error and the citizen can try again', async () => {
    sqs.on(SendMessageCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(
      new SqsReleaseRequests(new SQSClient({ region: 'eu-west-2' }), QUEUE).request(HOLD_KEY),
    ).rejects.toThrow('denied');
  });

  it('sends nothing for a hold key the pipeline never writes', async () => {
    await expect(
      new SqsReleaseRequests(new SQSClient({ region: 'eu-west-2' }), QUEUE).request('not-a-hold'),
    ).rejects.toThrow('hold key is not <mailbox>/<message id>');
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });
});
