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
    expect(readFileSync(join(dir, files[0] ?? ''), 'utf8')).toBe('{"Records":[]}');
  });
});
