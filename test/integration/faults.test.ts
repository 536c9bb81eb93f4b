/**
 * Faults on the real local stack: DynamoDB Local (the Java process, killed with SIGKILL) and the
 * S3 server (every connection dropped) go down while mail is flowing through SMTP, and come back
 * on the same port and data folder. Nothing accepted may be lost, nothing delivered twice, and
 * every message must end decided once the dead letters are redriven.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdObjects } from '../../functions/ingest/s3-notification.ts';
import { DEMO_STORIES, storyMail } from '../../local/demo.ts';
import type { DeadLetter } from '../../local/local-queue.ts';
import type { SentMail } from '../../local/ses-server.ts';
import type { AcceptedMail } from '../../local/smtp-sender.ts';
import { MAIL_KEY_PREFIXES } from '../../shared/pipeline/mail-keys.ts';
import type { Action } from '../../shared/policy/decision.ts';
import { citizenMailsFor, ROOT_DIR, STAGES_BY_ACTION, startTestStack, type TestStack } from './support.ts';

const MESSAGES = 30;
/** The fault strikes as the bucket announces this many messages. */
const STRIKE_AFTER = 8;
/** The queue gives up on a record after 0.2 + 0.4 + 0.8 + 1.6 s of retries. */
const QUEUE = { retryDelayMs: 200, maxReceives: 5 };
/** A service stays down until the queue has given up on something, and at most this long. */
const MAX_DOWN_MS = 60_000;
/**
 * The function's time limit. A run that dies mid-message (DynamoDB gone) leaves it "in progress"
 * this long, so a redrive within it is refused and dead-lettered again: the redrive is repeated
 * until the folder is empty, as an operator would.
 */
const FUNCTION_TIMEOUT_MS = 10_000;
/** How long redrives are repeated before the test gives up. */
const REDRIVE_FOR_MS = 60_000;

interface FaultRun {
  readonly accepted: readonly AcceptedMail[];
  /**
   * Every message id written to the bucket. It can hold more than `accepted`: a write that
   * lands as the server dies gets no reply, so the listener answers 451 and the sender's retry
   * is a new message, as SES's at-least-once receipt would make it. Each must still be decided
   * and delivered once.
   */
  readonly stored: ReadonlySet<string>;
  /** Dead letters found before the redrive. */
  readonly deadLetters: readonly DeadLetter[];
  readonly outbox: readonly SentMail[];
}

/**
 * Sends a mix of the samples and strikes as the bucket announces the STRIKE_AFTER-th message,
 * so the service dies while that message waits in the queue and others are mid-SMTP; then waits
 * for the queue and redrives what died.
 */
async function runWithFault(test: TestStack, strike: () => Promise<void>): Promise<FaultRun> {
  const { stack, sender, probe } = test;
  const mails = Array.from({ length: MESSAGES }, (_, i) =>
    storyMail(stack, ROOT_DIR, DEMO_STORIES[i % DEMO_STORIES.length] as (typeof DEMO_STORIES)[number]),
  );
  const stored = new Set<string>();
  let struck: Promise<void> | undefined;
  stack.s3.onObjectCreated((body) => {
    for (const { key } of createdObjects(body)) {
      if (!key.startsWith(MAIL_KEY_PREFIXES.inbound)) continue;
      stored.add(key.slice(key.lastIndexOf('/') + 1));
      if (stored.size === STRIKE_AFTER) struck = strike();
    }
  });
  const accepted = await sender.sendAll(mails);
  await struck;
  await stack.queue.drained();
  const deadLetters = probe.readDeadLetters();
  const until = Date.now() + REDRIVE_FOR_MS;
  while (stack.queue.redrive() > 0 && Date.now() < until) {
    await stack.queue.drained();
    if (probe.deadLetters().length > 0) await sleep(1_000);
  }
  await stack.queue.drained();
  return { accepted, stored, deadLetters, outbox: await stack.ses.sent() };
}

/** Every stored message decided once, with one notice; none lost; no dead letters left. */
async function expectNothingLostNothingTwice(test: TestStack, run: FaultRun): Promise<void> {
  expect(run.accepted).toHaveLength(MESSAGES);
  const acceptedIds = run.accepted.map((a) => a.messageId);
  expect(new Set(acceptedIds).size).toBe(MESSAGES);
  expect(acceptedIds.filter((id) => !run.stored.has(id))).toEqual([]);
  let mails = 0;
  for (const messageId of run.stored) {
    const entries = await test.probe.entries(messageId);
    const decisions = entries.filter((e) => !e.error);
    const action = decisions[0]?.action as Action;
    expect(decisions.map((e) => e.stage)).toEqual(STAGES_BY_ACTION[action]);
    expect(await test.probe.notices(messageId, run.outbox)).toHaveLength(1);
    mails += 1 + citizenMailsFor(entries);
  }
  expect(run.outbox).toHaveLength(mails);
  expect(test.probe.deadLetters()).toEqual([]);
}

type Service = 'dynamodb' | 's3';

/** Kills the service, keeps it down until a record is dead-lettered, and starts it again. */
async function outage(test: TestStack, service: Service): Promise<void> {
  await test.stack[service].kill();
  const until = Date.now() + MAX_DOWN_MS;
  while (test.probe.deadLetters().length === 0 && Date.now() < until) await sleep(100);
  await test.stack[service].restart();
}

function describeOutage(title: string, service: Service, checks: (run: () => FaultRun) => void) {
  describe(title, () => {
    let test: TestStack;
    let run: FaultRun;

    beforeAll(async () => {
      test = await startTestStack({
        inMemory: false,
        concurrency: 4,
        queue: QUEUE,
        functionTimeoutMs: FUNCTION_TIMEOUT_MS,
      });
      run = await runWithFault(test, () => outage(test, service));
    }, 240_000);
    afterAll(() => test?.stop());

    it('loses nothing accepted, delivers nothing twice and decides everything after recovery', async () => {
      await expectNothingLostNothingTwice(test, run);
    });

    it('dead-lettered what failed while it was down, with the reason, until the redrive', () => {
      expect(run.deadLetters.length).toBeGreaterThan(0);
      for (const letter of run.deadLetters) expect(letter.receives).toBe(QUEUE.maxReceives);
    });

    checks(() => run);
  });
}

describeOutage('DynamoDB Local killed mid-run and restarted', 'dynamodb', (run) => {
  it("gives Powertools idempotency's failure as the dead letters' reason", () => {
    for (const letter of run().deadLetters) expect(letter.reason).toMatch(/^Idempotency\w+Error$/);
  });
});

describeOutage('the S3 server killed mid-run and restarted', 's3', (run) => {
  it('had the sender retry while the bucket was down', () => {
    expect(run().accepted.some((a) => a.attempts > 1)).toBe(true);
  });

  it("gives the failed stage and the system's error code as the dead letters' reason", () => {
    for (const letter of run().deadLetters) {
      // A request in flight when the server dies ends in the SDK's request timeout instead.
      expect(letter.reason).toMatch(
        /^(StageFailedError at \w+(-finish)?: (ECONNREFUSED|ECONNRESET|EPIPE)|TimeoutError: .*aborted\.?)$/,
      );
    }
  });
});
