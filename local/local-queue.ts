/**
 * The local stand-in for the SQS queue between S3 and the ingest function: S3 notification
 * bodies are delivered to the handler as SQS events, one at a time, at least once. A record the
 * handler reports as failed is retried with back-off; after `maxReceives` it is written to the
 * dead-letter folder, as the deployed queue's redrive policy would move it to the DLQ.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface LocalQueueOptions {
  readonly handler: SqsHandler;
  readonly deadLetterDir: string;
  readonly maxReceives?: number;
  /** First retry delay; doubles each time. */
  readonly retryDelayMs?: number;
  readonly onDeadLetter?: (body: string) => void;
}

interface Pending {
  readonly id: string;
  readonly body: string;
  receives: number;
}

export class LocalQueue {
  readonly #options: Required<Omit<LocalQueueOptions, 'onDeadLetter'>> &
    Pick<LocalQueueOptions, 'onDeadLetter'>;
  readonly #ready: Pending[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  #running = false;
  #idle: (() => void)[] = [];
  #inFlight = 0;

  constructor(options: LocalQueueOptions) {
    this.#options = { maxReceives: 5, retryDelayMs: 500, ...options };
  }

  send(body: string): void {
    this.#ready.push({ id: randomUUID(), body, receives: 0 });
    void this.#drain();
  }

  /** Resolves when nothing is queued, waiting for a retry, or being handled. */
  drained(): Promise<void> {
    if (this.#isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  stop(): void {
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #isIdle() {
    return this.#ready.length === 0 && this.#timers.size === 0 && this.#inFlight === 0;
  }

  async #drain(): Promise<void> {
    if (this.#running) return;
    this.#running = true;
    try {
      for (let next = this.#ready.shift(); next; next = this.#ready.shift()) {
        this.#inFlight += 1;
        next.receives += 1;
        const failed = await this.#deliver(next);
        this.#inFlight -= 1;
        if (failed) this.#retryOrDeadLetter(next);
      }
    } finally {
      this.#running = false;
      if (this.#isIdle()) for (const resolve of this.#idle.splice(0)) resolve();
    }
  }

  async #deliver(message: Pending): Promise<boolean> {
    const event: SQSEvent = {
      Records: [
        {
          messageId: message.id,
          receiptHandle: message.id,
          body: message.body,
          attributes: {
            ApproximateReceiveCount: String(message.receives),
            SentTimestamp: String(Date.now()),
            SenderId: 'local',
            ApproximateFirstReceiveTimestamp: String(Date.now()),
          },
          messageAttributes: {},
          md5OfBody: '',
          eventSource: 'aws:sqs',
          eventSourceARN: 'arn:aws:sqs:local:000000000000:caveat-inbound',
          awsRegion: 'local',
        },
      ],
    };
    try {
      const response = await this.#options.handler(event);
      return response.batchItemFailures.some((f) => f.itemIdentifier === message.id);
    } catch {
      return true; // a handler that throws fails the whole batch, as Lambda does
    }
  }

  #retryOrDeadLetter(message: Pending): void {
    if (message.receives >= this.#options.maxReceives) {
      mkdirSync(this.#options.deadLetterDir, { recursive: true });
      writeFileSync(join(this.#options.deadLetterDir, `${message.id}.json`), message.body);
      this.#options.onDeadLetter?.(message.body);
      return;
    }
    const delay = this.#options.retryDelayMs * 2 ** (message.receives - 1);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#ready.push(message);
      void this.#drain();
    }, delay);
    this.#timers.add(timer);
  }
}
