/**
 * Load on the real local stack: 500 messages, the bundled samples in turn, sent over a pool of
 * SMTP connections at once. Every one must be decided (its action's audit entry written) and
 * delivered once, with nothing in the dead-letter folder. Speed is measured by
 * `npm run bench:e2e`, not here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_STORIES, storyMail } from '../../local/demo.ts';
import type { AcceptedMail } from '../../local/smtp-sender.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import type { Action } from '../../shared/policy/decision.ts';
import { citizenMailsFor, ROOT_DIR, STAGES_BY_ACTION, startTestStack, type TestStack } from './support.ts';

const MESSAGES = 500;
const SMTP_CONNECTIONS = 16;
/** Records the queue hands to the handler at once, as Lambda's concurrency would. */
const HANDLER_CONCURRENCY = 4;

describe(`${MESSAGES} messages through SMTP at once`, () => {
  let test: TestStack;
  let accepted: AcceptedMail[];
  const entries = new Map<string, AuditEntry[]>();
  let outboxSize = 0;

  beforeAll(async () => {
    test = await startTestStack({
      concurrency: SMTP_CONNECTIONS,
      queue: { concurrency: HANDLER_CONCURRENCY },
    });
    const { stack, sender, probe } = test;
    const mails = Array.from({ length: MESSAGES }, (_, i) =>
      storyMail(stack, ROOT_DIR, DEMO_STORIES[i % DEMO_STORIES.length] as (typeof DEMO_STORIES)[number]),
    );
    accepted = await sender.sendAll(mails);
    await stack.queue.drained();
    for (const { messageId } of accepted) entries.set(messageId, await probe.entries(messageId));
    outboxSize = (await stack.ses.sent()).length;
  }, 600_000);
  afterAll(() => test?.stop());

  it('accepts every message, each under its own id', () => {
    expect(accepted).toHaveLength(MESSAGES);
    expect(new Set(accepted.map((a) => a.messageId)).size).toBe(MESSAGES);
  });

  it("decides every message as its sample's story expects, with no errors", () => {
    const outcomes = accepted.map((a) => {
      const found = entries.get(a.messageId) ?? [];
      return [found.map((e) => e.stage), found.filter((e) => e.error).length];
    });
    const expected = accepted.map((_, i) => {
      const action: Action = (DEMO_STORIES[i % DEMO_STORIES.length] as (typeof DEMO_STORIES)[number])
        .expected;
      return [STAGES_BY_ACTION[action], 0];
    });
    expect(outcomes).toEqual(expected);
  });

  it('sends each notice and citizen reply once and leaves nothing in the dead-letter folder', () => {
    const citizenMails = [...entries.values()].reduce((sum, found) => sum + citizenMailsFor(found), 0);
    expect(outboxSize).toBe(MESSAGES + citizenMails);
    expect(test.probe.deadLetters()).toEqual([]);
  });
});
