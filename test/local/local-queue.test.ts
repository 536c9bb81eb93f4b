import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { LocalQueue } from '../../local/local-queue.ts';

const dirs: string[] = [];
const deadLetters = () => {
  const dir = mkdtempSync(join(tmpdir(), 'caveat-dlq-'));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('LocalQueue', () => {
  it('delivers each body as a one-record SQS event with its receive count', async () => {
    const seen: SQSEvent[] = [];
    const queue = new LocalQueue({
      deadLetterDir: deadLetters(),
      handler: async (event) => {
        seen.push(event);
        return { batchItemFailures: [] };
      },
    });
    queue.send('a');
    queue.send('b');
    await queue.drained();
    expect(seen.map((e) => [e.Records[0]?.body, e.Records[0]?.attributes.ApproximateReceiveCount])).toEqual([
      ['a', '1'],
      ['b', '1'],
    ]);
  });

  it('retries a reported failure until it succeeds', async () => {
    let calls = 0;
    const queue = new LocalQueue({
      deadLetterDir: deadLetters(),
      retryDelayMs: 5,
      handler: async (event) => {
        calls += 1;
        const id = event.Records[0]?.messageId ?? '';
        return { batchItemFailures: calls < 3 ? [{ itemIdentifier: id }] : [] };
      },
    });
    queue.send('x');
    await queue.drained();
    expect(calls).toBe(3);
  });

  it('dead-letters after the maximum receives, keeping the body', async () => {
    const dir = deadLetters();
    let calls = 0;
    const queue = new LocalQueue({
      deadLetterDir: dir,
      retryDelayMs: 1,
      maxReceives: 3,
      handler: async () => {
        calls += 1;
        throw new Error('down');
      },
    });
    queue.send('{"Records":[]}');
    await queue.drained();
    expect(calls).toBe(3);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(JSON.parse(readFileSync(join(dir, files[0] ?? ''), 'utf8'))).toEqual({
      body: '{"Records":[]}',
      receives: 3,
      reason: 'Error: down',
      deadLetteredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it("keeps the handler's own reason for a reported failure, and redrives dead letters", async () => {
    const dir = deadLetters();
    let up = false;
    const handled: string[] = [];
    const queue: LocalQueue = new LocalQueue({
      deadLetterDir: dir,
      retryDelayMs: 1,
      maxReceives: 2,
      handler: async (event) => {
        const record = event.Records[0];
        if (!record || up) {
          handled.push(record?.body ?? '');
          return { batchItemFailures: [] };
        }
        queue.noteFailure(record.messageId, 'StageFailedError at read: TimeoutError');
        return { batchItemFailures: [{ itemIdentifier: record.messageId }] };
      },
    });
    queue.send('a');
    queue.send('b');
    await queue.drained();
    const letters = readdirSync(dir).map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')));
    expect(letters.map((l) => [l.body, l.reason]).sort()).toEqual([
      ['a', 'StageFailedError at read: TimeoutError'],
      ['b', 'StageFailedError at read: TimeoutError'],
    ]);

    up = true;
    expect(queue.redrive()).toBe(2);
    await queue.drained();
    expect(handled.sort()).toEqual(['a', 'b']);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('handles up to its concurrency at once', async () => {
    let inFlight = 0;
    let most = 0;
    const queue = new LocalQueue({
      deadLetterDir: deadLetters(),
      concurrency: 3,
      handler: async () => {
        most = Math.max(most, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 10));
        inFlight -= 1;
        return { batchItemFailures: [] };
      },
    });
    for (const body of ['1', '2', '3', '4', '5', '6', '7']) queue.send(body);
    await queue.drained();
    expect(most).toBe(3);
  });
});
