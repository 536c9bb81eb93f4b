/**
 * At-least-once delivery on the real local stack: S3 may announce an object more than once and
 * SQS may hand the same notification over again, so every notification is re-delivered here,
 * unchanged, after the first round is done. A sender naming the same mailbox twice in one SMTP
 * transaction is the listener's duplicate. Each must end in one notice, one set of audit entries
 * and one stored object per message.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createdObjects } from '../../functions/ingest/s3-notification.ts';
import { DEMO_STORIES, type DemoStory, storyMail } from '../../local/demo.ts';
import type { SentMail } from '../../local/ses-server.ts';
import { MAIL_KEY_PREFIXES } from '../../shared/pipeline/mail-keys.ts';
import type { Action } from '../../shared/policy/decision.ts';
import { citizenMailsFor, ROOT_DIR, STAGES_BY_ACTION, startTestStack, type TestStack } from './support.ts';

const story = (prefix: string): DemoStory => {
  const found = DEMO_STORIES.find((s) => s.file.startsWith(prefix));
  if (!found) throw new Error(`no demo story ${prefix}`);
  return found;
};
/** One story per action, and what each action leaves in the bucket. */
const CASES: readonly { story: DemoStory; action: Action; stored: string }[] = [
  { story: story('01-'), action: 'deliver', stored: 'inbound' },
  { story: story('02-'), action: 'hold', stored: 'inbound' },
  { story: story('03-'), action: 'protect', stored: 'ciphertext' },
  { story: story('06-'), action: 'quarantine', stored: 'quarantine' },
];
const REDELIVERIES = 2;

describe('duplicate events on the local stack', () => {
  let test: TestStack;
  let outbox: SentMail[];
  const notifications: string[] = [];
  const ids = new Map<Action, string>();
  let twiceNamedId: string;

  beforeAll(async () => {
    test = await startTestStack({ stories: CASES.map((c) => c.story) });
    const { stack, sender } = test;
    // What the stack's queue is sent: notifications for SES's prefix only.
    stack.s3.onObjectCreated((body) => {
      if (createdObjects(body).every((o) => o.key.startsWith(MAIL_KEY_PREFIXES.inbound)))
        notifications.push(body);
    });
    for (const { story, action } of CASES) {
      ids.set(action, (await sender.send(storyMail(stack, ROOT_DIR, story))).messageId);
    }
    // The same mailbox twice in RCPT TO, spelt differently.
    const enquiry = storyMail(stack, ROOT_DIR, story('01-'));
    const mailbox = enquiry.to[0] as string;
    twiceNamedId = (await sender.send({ ...enquiry, to: [mailbox, mailbox.toUpperCase()] })).messageId;
    await stack.queue.drained();

    // Every notification again, as SQS redelivers a message whose receipt was lost.
    const firstRound = [...notifications];
    for (let round = 0; round < REDELIVERIES; round++) for (const body of firstRound) stack.queue.send(body);
    await stack.queue.drained();
    outbox = await stack.ses.sent();
  }, 180_000);

  afterAll(() => test?.stop());

  it('announced each accepted copy once before the redeliveries', () => {
    expect(notifications).toHaveLength(CASES.length + 1);
  });

  it.each(CASES)('$action: one notice, one set of entries, one stored object', async ({ action, stored }) => {
    const messageId = ids.get(action) as string;
    const notices = await test.probe.notices(messageId, outbox);
    expect(notices).toHaveLength(1);
    const entries = await test.probe.entries(messageId);
    expect(entries.map((e) => e.stage)).toEqual(STAGES_BY_ACTION[action]);
    expect(entries.filter((e) => e.error)).toEqual([]);
    const keys = await test.probe.objectKeys(messageId);
    expect(keys).toHaveLength(1);
    expect(keys[0]?.startsWith(`${stored}/`)).toBe(true);
  });

  it('stores and delivers a message once when its mailbox is named twice in one transaction', async () => {
    expect(await test.probe.objectKeys(twiceNamedId)).toHaveLength(1);
    expect((await test.probe.entries(twiceNamedId)).map((e) => e.stage)).toEqual(STAGES_BY_ACTION.deliver);
    expect(await test.probe.notices(twiceNamedId, outbox)).toHaveLength(1);
  });

  it("sends nothing twice: the outbox holds each message's notice and the citizen mail its entries record", async () => {
    let expected = 0;
    for (const id of [...ids.values(), twiceNamedId])
      expected += 1 + citizenMailsFor(await test.probe.entries(id));
    expect(outbox).toHaveLength(expected);
    expect(test.probe.deadLetters()).toEqual([]);
  });
});
