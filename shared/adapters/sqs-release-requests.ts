import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { releaseRequestBody } from '../confirm/release-request.ts';
import type { ReleaseRequests } from '../pipeline/ports.ts';

/** Release requests sent to the ingest function's queue, beside S3's notifications of new mail. */
export class SqsReleaseRequests implements ReleaseRequests {
  readonly #client: SQSClient;
  readonly #queueUrl: string;

  constructor(client: SQSClient, queueUrl: string) {
    this.#client = client;
    this.#queueUrl = queueUrl;
  }

  async request(holdKey: string): Promise<void> {
    await this.#client.send(
      new SendMessageCommand({ QueueUrl: this.#queueUrl, MessageBody: releaseRequestBody(holdKey) }),
    );
  }
}
