/**
 * What Lambda hands the ingest function, for the handler tests: its context, SQS batches of S3
 * notifications as S3 writes them, and a capture of what the function writes to stdout/stderr
 * (Powertools' logger and metrics), so tests can check the logs and keep the test output quiet.
 */
import type { Context, SQSEvent } from 'aws-lambda';
import { vi } from 'vitest';

export const context = {
  functionName: 'caveat-ingest',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-2:123456789012:function:caveat-ingest',
  memoryLimitInMB: '1024',
  awsRequestId: 'req-1',
  logGroupName: '/aws/lambda/caveat-ingest',
  logStreamName: 's',
  callbackWaitsForEmptyEventLoop: true,
  getRemainingTimeInMillis: () => 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} as unknown as Context;

/** An S3 notification as S3 sends it: keys URL-encoded, spaces as '+'. */
export function notification(key: string, bucket: string) {
  return JSON.stringify({
    Records: [
      {
        eventSource: 'aws:s3',
        eventName: 'ObjectCreated:Put',
        s3: {
          bucket: { name: bucket },
          object: { key: encodeURIComponent(key).replace(/%2F/g, '/'), size: 10 },
        },
      },
    ],
  });
}

/** One SQS message per body, each with its own message id. */
export function sqsEvent(...bodies: string[]): SQSEvent {
  return {
    Records: bodies.map((body, i) => ({
      messageId: `sqs-${i}-${Math.random().toString(36).slice(2)}`,
      receiptHandle: 'r',
      body,
      attributes: {} as SQSEvent['Records'][number]['attributes'],
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:eu-west-2:123456789012:caveat-inbound',
      awsRegion: 'eu-west-2',
    })),
  };
}

/**
 * Captures process.stdout and process.stderr until vitest restores its mocks. Powertools' logger
 * and metrics write to both through their own Console, so spying on `console` would miss them.
 */
export function captureOutput(): { readonly text: () => string } {
  let output = '';
  const capture = (chunk: string | Uint8Array) => {
    output += typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk);
    return true;
  };
  vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  return { text: () => output };
}
