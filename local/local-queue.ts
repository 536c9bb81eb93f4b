/**
 * The local stand-in for the SQS queue between S3 and the ingest function: S3 notification
 * bodies are delivered to the handler as SQS events, one record each, at least once, up to
 * `concurrency` at a time (Lambda's concurrency for an SQS source). A record the handler reports
 * as failed is retried with back-off; after `maxReceives` it is written to the dead-letter folder
 * with the reason it last failed, as the deployed queue's redrive policy would move it to the
 * DLQ, and `redrive()` sends the dead letters back, as a DLQ redrive does.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';

export type SqsHandler = (event: SQSEvent) => Promise<SQSBatchResponse>;

export interface LocalQueueOptions {
  readonly handler: SqsHandler;
  readonly deadLetterDir: string;
  readonly maxReceives?: number;
  /** First retry delay; doubles each time. */
  readonly retryDelayMs?: number;
  /** Records handled at once. Default 1. */
  readonly concurrency?: number;
  readonly onDeadLetter?: (letter: DeadLetter) => void;
}

/** A dead-letter file: the notification as it was sent, and why it was given up on. */
export interface DeadLetter {
  readonly body: string;
  readonly receives: number;
  /** The last failure, as the handler reported it (`noteFailure`) or as it was thrown. */
  readonly reason: string;
  readonly deadLetteredAt: string;
}

interface Pending {
  readonly id: string;
  readonly body: string;
  receives: number;
}

/** Said when the handler reported a failure and gave no reason for it. */
const UNEXPLAINED = 'the handler reported the record as failed and gave no reason';

export class LocalQueue {
  readonly #options: Required<Omit<LocalQueueOptions, 'onDeadLetter'>> &
    Pick<LocalQueueOptions, 'onDeadLetter'>;
  readonly #ready: Pending[] = [];
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #reasons = new Map<string, string>();
  #idle: (() => void)[] = [];
  #inFlight = 0;

  constructor(options: LocalQueueOptions) {
    this.#options = { maxReceives: 5, retryDelayMs: 500, concurrency: 1, ...options };
  }

  send(body: string): void {
    this.#ready.push({ id: randomUUID(), body, receives: 0 });
    this.#drain();
  }

  /** Records why the record with this SQS message id failed; kept if it is dead-lettered. */
  noteFailure(messageId: string, reason: string): void {
    this.#reasons.set(messageId, reason);
  }

  /** Sends every dead letter back to the queue and removes its file; returns how many. */
  redrive(): number {
    let files: string[];
    try {
      files = readdirSync(this.#options.deadLetterDir).filter((f) => f.endsWith('.json'));
    } catch {
      return 0;
    }
    for (const file of files) {
      const path = join(this.#options.deadLetterDir, file);
      const letter = JSON.parse(readFileSync(path, 'utf8')) as DeadLetter;
      rmSync(path);
      this.send(letter.body);
    }
    return files.length;
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

  #drain(): void {
    while (this.#inFlight < this.#options.concurrency) {
      const next = this.#ready.shift();
      if (!next) break;
      this.#inFlight += 1;
      next.receives += 1;
      void this.#deliver(next).then((failure) => {
        this.#inFlight -= 1;
        if (failure !== undefined) this.#retryOrDeadLetter(next, failure);
        else this.#reasons.delete(next.id);
        this.#drain();
        if (this.#isIdle()) for (const resolve of this.#idle.splice(0)) resolve();
      });
    }
  }

  /** Undefined when handled; otherwise why it failed. */
  async #deliver(message: Pending): Promise<string | undefined> {
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
      const failed = response.batchItemFailures.some((f) => f.itemIdentifier === message.id);
      return failed ? (this.#reasons.get(message.id) ?? UNEXPLAINED) : undefined;
    } catch (error) {
      // A handler that throws fails the whole batch, as Lambda does.
      return error instanceof Error ? `${error.name}: ${error.message}` : 'the handler threw';
    }
  }

  #retryOrDeadLetter(message: Pending, reason: string): void {
    if (message.receives >= this.#options.maxReceives) {
      this.#reasons.delete(message.id);
      const letter: DeadLetter = {
        body: message.body,
        receives: message.receives,
        reason,
        deadLetteredAt: new Date().toISOString(),
      };
      mkdirSync(this.#options.deadLetterDir, { recursive: true });
      writeFileSync(
        join(this.#options.deadLetterDir, `${message.id}.json`),
        `${JSON.stringify(letter, null, 2)}\n`,
      );
      this.#options.onDeadLetter?.(letter);
      return;
    }
    const delay = this.#options.retryDelayMs * 2 ** (message.receives - 1);
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      this.#ready.push(message);
      this.#drain();
    }, delay);
    this.#timers.add(timer);
  }
}
