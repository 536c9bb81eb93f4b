/**
 * End to end on the local stack: the time from SMTP accept to the audit entry of a message's
 * final stage.
 *   node bench/e2e.bench.ts [--messages 500] [--concurrency 4] [--handlers 4] [--baseline 45]
 *                           [--paced 100] [--rate <msg/s>] [--in-memory]
 *
 * Starts the local stack on a temporary folder (DynamoDB Local on disk, as `npm start` runs it),
 * sends the bundled samples in turn over SMTP and times each message from the listener's 250
 * reply (read by the sender) to the moment DynamoDB Local answered the PutItem of its action's
 * audit entry (`local/audit-writes.ts`: SDK middleware, no polling). Sender, listener and handler
 * share this process, so both instants come from one clock (`performance.now()`).
 *
 * Baseline, same run and stack: the same mix sent one message at a time, each sent only once the
 * previous one is decided and the queue is idle, so nothing waits or competes: the pipeline's own
 * latency. The burst run
 * sends `--messages` at once over `--concurrency` pooled SMTP connections while the queue hands
 * `--handlers` records at a time to the handler: its latencies are mostly time in the queue, since
 * mail arrives faster than it is decided. The paced run sends `--paced` messages at `--rate`
 * (default: half the burst run's throughput), a load the stack sustains; the floor, p50 under
 * 250 ms, is judged on it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { table } from '../bin/cli-support.ts';
import { DEMO_STORIES, type DemoStory, senderAddresses, storyMail } from '../local/demo.ts';
import { type AcceptedMail, type OutgoingMail, smtpSender } from '../local/smtp-sender.ts';
import { startLocalStack } from '../local/stack.ts';

const { values } = parseArgs({
  options: {
    messages: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '4' },
    handlers: { type: 'string', default: '4' },
    baseline: { type: 'string', default: '45' },
    paced: { type: 'string', default: '100' },
    rate: { type: 'string' },
    'in-memory': { type: 'boolean', default: false },
  },
});
const count = (name: 'messages' | 'concurrency' | 'handlers' | 'baseline' | 'paced') => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number ≥ 1`);
  return n;
};
const MESSAGES = count('messages');
const CONCURRENCY = count('concurrency');
const HANDLERS = count('handlers');
const BASELINE = count('baseline');
const PACED = count('paced');
const RATE = values.rate === undefined ? undefined : Number(values.rate);
if (RATE !== undefined && !(RATE > 0)) throw new Error('--rate must be a number of messages per second > 0');
const P50_FLOOR_MS = 250;

// The function's per-message log lines would swamp the report.
process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

const root = resolve(import.meta.dirname, '..');
const dataDir = mkdtempSync(join(tmpdir(), 'caveat-bench-e2e-'));

/** When each message's classify and final-stage entries were stored, and who waits for the latter. */
const classifiedAt = new Map<string, number>();
const decidedAt = new Map<string, number>();
const waiting = new Map<string, () => void>();
const ipByHelo = senderAddresses(DEMO_STORIES);
const stack = await startLocalStack({
  dataDir,
  cacheDir: join(root, '.caveat-data', 'cache'),
  rootDir: root,
  inMemory: values['in-memory'],
  queue: { concurrency: HANDLERS },
  smtpClientIp: ({ helo, remoteAddress }) => ipByHelo.get(helo) ?? remoteAddress,
  onAuditWritten: (write, at) => {
    if (write.stage === 'classify') classifiedAt.set(write.messageId, at);
    // The action's own entry (order 2 in the sort key), written once the action is done; a
    // hold's confirmation request is recorded inside the stage, before it.
    if (!/#2#/.test(write.seq)) return;
    decidedAt.set(write.messageId, at);
    waiting.get(write.messageId)?.();
  },
});
const mix = (n: number): OutgoingMail[] =>
  Array.from({ length: n }, (_, i) =>
    storyMail(stack, root, DEMO_STORIES[i % DEMO_STORIES.length] as DemoStory),
  );
const decided = (messageId: string) =>
  new Promise<void>((done) => {
    if (decidedAt.has(messageId)) return done();
    waiting.set(messageId, done);
  });

interface Run {
  readonly accepted: readonly AcceptedMail[];
  readonly latencies: number[];
  /** From the first send to the last decision. */
  readonly wallMs: number;
}

function latencies(accepted: readonly { messageId: string; acceptedAt: number }[]): number[] {
  return accepted.map(({ messageId, acceptedAt }) => {
    const at = decidedAt.get(messageId);
    if (at === undefined) throw new Error(`message ${messageId} was accepted but never decided`);
    return at - acceptedAt;
  });
}

/** One message at a time, each only once the previous one is done. */
async function oneAtATime(mails: readonly OutgoingMail[]): Promise<Run> {
  const sender = smtpSender({ ...stack.smtp, dkimPrivateKeyPem: stack.dkim.privateKeyPem });
  const started = performance.now();
  const accepted: AcceptedMail[] = [];
  for (const mail of mails) {
    const one = await sender.send(mail);
    await decided(one.messageId);
    // The handler's last steps (moving the raw object, the idempotency record) end too.
    await stack.queue.drained();
    accepted.push(one);
  }
  sender.close();
  return { accepted, latencies: latencies(accepted), wallMs: performance.now() - started };
}

/** Every message at once over `CONCURRENCY` connections. */
async function underLoad(mails: readonly OutgoingMail[]): Promise<Run> {
  const sender = smtpSender({
    ...stack.smtp,
    dkimPrivateKeyPem: stack.dkim.privateKeyPem,
    concurrency: CONCURRENCY,
  });
  const started = performance.now();
  const accepted = await sender.sendAll(mails);
  await Promise.all(accepted.map((a) => decided(a.messageId)));
  sender.close();
  const last = Math.max(...accepted.map((a) => decidedAt.get(a.messageId) ?? 0));
  return { accepted, latencies: latencies(accepted), wallMs: last - started };
}

/** One message every 1/rate seconds, whether or not earlier ones are done. */
async function paced(mails: readonly OutgoingMail[], rate: number): Promise<Run> {
  const sender = smtpSender({
    ...stack.smtp,
    dkimPrivateKeyPem: stack.dkim.privateKeyPem,
    concurrency: CONCURRENCY,
  });
  const started = performance.now();
  const accepted = await Promise.all(
    mails.map(async (mail, i) => {
      await sleep(Math.max(0, started + (i * 1000) / rate - performance.now()));
      return sender.send(mail);
    }),
  );
  await Promise.all(accepted.map((a) => decided(a.messageId)));
  sender.close();
  const last = Math.max(...accepted.map((a) => decidedAt.get(a.messageId) ?? 0));
  return { accepted, latencies: latencies(accepted), wallMs: last - started };
}

/** Nearest-rank percentile. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(run: Run) {
  const sorted = [...run.latencies].sort((a, b) => a - b);
  return {
    rate: (run.latencies.length / run.wallMs) * 1000,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? Number.NaN,
  };
}

/** Medians of a run's two halves: up to the classify entry, then to the final one. */
function split(run: Run): { toClassify: number; toFinal: number } {
  const ids = run.accepted;
  const median = (xs: number[]) =>
    percentile(
      [...xs].sort((a, b) => a - b),
      50,
    );
  return {
    toClassify: median(
      ids.map(({ messageId, acceptedAt }) => (classifiedAt.get(messageId) ?? Number.NaN) - acceptedAt),
    ),
    toFinal: median(
      ids.map(
        ({ messageId }) =>
          (decidedAt.get(messageId) ?? Number.NaN) - (classifiedAt.get(messageId) ?? Number.NaN),
      ),
    ),
  };
}

let exitCode = 0;
try {
  await oneAtATime(mix(DEMO_STORIES.length)); // warm-up: JIT, connections, first-use paths
  const baselineRun = await oneAtATime(mix(BASELINE));
  const baseline = summary(baselineRun);
  const burst = summary(await underLoad(mix(MESSAGES)));
  const rate = RATE ?? Math.max(0.5, Math.floor(burst.rate * 5) / 10);
  const steady = summary(await paced(mix(PACED), rate));
  await stack.queue.drained();

  const ms = (n: number) => n.toFixed(1);
  const row = (name: string, n: number, r: ReturnType<typeof summary>) => [
    name,
    String(n),
    r.rate.toFixed(1),
    ...[r.p50, r.p95, r.p99, r.max].map(ms),
  ];
  console.log(
    `End to end, SMTP 250 → final audit entry stored; Node ${process.version}, ${process.arch}; ` +
      `samples 01–15 in turn; DynamoDB Local ${values['in-memory'] ? 'in memory' : 'on disk'}; ` +
      `${CONCURRENCY} SMTP connections, ${HANDLERS} handlers`,
  );
  console.log(
    table(
      ['run', 'messages', 'msg/s', 'p50 (ms)', 'p95 (ms)', 'p99 (ms)', 'max (ms)'],
      [
        row('baseline: one at a time', BASELINE, baseline),
        row('burst: all at once', MESSAGES, burst),
        row(`paced: ${rate} msg/s offered`, PACED, steady),
      ],
    ).join('\n'),
  );
  const halves = split(baselineRun);
  console.log(
    `\nbaseline medians: 250 → classify entry ${ms(halves.toClassify)} ms, classify → final entry ${ms(halves.toFinal)} ms`,
  );
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(
    `burst / baseline: p50 ${ratio(burst.p50, baseline.p50)}, p99 ${ratio(burst.p99, baseline.p99)}, throughput ${ratio(burst.rate, baseline.rate)}`,
  );
  console.log(
    `paced / baseline: p50 ${ratio(steady.p50, baseline.p50)}, p99 ${ratio(steady.p99, baseline.p99)}`,
  );
  const deadLetters = stack.queue.redrive();
  const met = steady.p50 < P50_FLOOR_MS;
  console.log(`floor p50 < ${P50_FLOOR_MS} ms at a sustained rate (paced run): ${met ? 'met' : 'NOT met'}`);
  if (deadLetters > 0) console.log(`${deadLetters} dead letter(s): the run is not valid`);
  if (!met || deadLetters > 0) exitCode = 1;
} finally {
  await stack.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
