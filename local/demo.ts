/**
 * `npm run demo`: the bundled samples sent through the local stack's SMTP listener by a real SMTP
 * client (nodemailer), each from an address its story needs, then what the pipeline did with
 * each, read back from the audit table, the bucket, the holds table and the SES outbox.
 *
 * The demo runs its own stack in a temporary folder on free ports, so its result does not depend
 * on what an `npm start` stack already holds, and leaves nothing behind (`--keep` keeps it up to
 * browse the sent-mail viewer until Ctrl-C).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { table } from '../bin/cli-support.ts';
import { readHeaderSection } from '../shared/mail/header-section.ts';
import type { SesVerdicts } from '../shared/mail/inbound-mail.ts';
import { sesBlock } from '../shared/mail/ses-headers.ts';
import type { AuditEntry } from '../shared/pipeline/audit-entry.ts';
import type { Action } from '../shared/policy/decision.ts';
import { localPaths } from './data-dir.ts';
import { DEMO_SENDER_IPS } from './dns-zone.ts';
import { type OutgoingMail, smtpSender } from './smtp-sender.ts';
import { LOCAL_CREDENTIALS, type LocalStack, startLocalStack } from './stack.ts';
import { EICAR_TEST_STRING, GTUBE_TEST_STRING } from './test-string-scan.ts';

/** One sample and how it is sent: from where, signed or not, and what should become of it. */
export interface DemoStory {
  /** File name under `samples/`. */
  readonly file: string;
  /** The sending host's name; each name connects from one address (`sender`). */
  readonly helo: string;
  /** Which of the demo's sending ranges the host is in (see `DEMO_SENDER_IPS`). */
  readonly sender: keyof typeof DEMO_SENDER_IPS;
  /** Sign with the demo DKIM key for this domain (published in the local zone). */
  readonly dkimDomain?: string;
  /** Put the scanner test string in at send time (see `armTestString`). */
  readonly testString?: 'EICAR' | 'GTUBE';
  /** What the pipeline should do with it under the cdk.json mailboxes' packs. */
  readonly expected: Action;
}

function citizen(file: string, expected: Action): DemoStory {
  return { file, helo: 'mail.example-mail.co.uk', sender: 'citizenIsp', expected };
}
function government(file: string, domain: string, expected: Action): DemoStory {
  return { file, helo: `mail.${domain}`, sender: 'government', dkimDomain: domain, expected };
}
function business(file: string, domain: string, expected: Action, testString?: 'EICAR' | 'GTUBE'): DemoStory {
  return { file, helo: `mail.${domain}`, sender: 'other', expected, ...(testString ? { testString } : {}) };
}

/**
 * The demo's stories. Citizens send from their ISP's SPF range without DKIM, as many small
 * providers do (SPF alone aligns, so DMARC passes); government and NHS partners sign with DKIM;
 * the spoof claims dwp.gov.uk from a host outside its SPF range, unsigned.
 */
export const DEMO_STORIES: readonly DemoStory[] = [
  citizen('01-citizen-general-enquiry.eml', 'deliver'),
  citizen('02-citizen-unverified-nino-dob.eml', 'hold'),
  citizen('03-verified-citizen-bank-details.eml', 'protect'),
  government('04-officer-marked-sensitive.eml', 'dwp.gov.uk', 'protect'),
  government('05-officer-official-nino.eml', 'hmrc.gov.uk', 'deliver'),
  {
    file: '06-spoofed-gov-sender.eml',
    helo: 'mail.elsewhere.example',
    sender: 'other',
    expected: 'quarantine',
  },
  business('07-virus-verdict.eml', 'supplier-example.co.uk', 'quarantine', 'EICAR'),
  citizen('08-citizen-card-number.eml', 'hold'),
  government('09-council-bulk-csv.eml', 'cambridgeshire.gov.uk', 'protect'),
  business('10-executable-attachment.eml', 'parcel-example.com', 'quarantine'),
  business('11-spam-verdict.eml', 'lottery-example.biz', 'quarantine', 'GTUBE'),
  citizen('12-welsh-citizen-health.eml', 'protect'),
  citizen('13-two-from-headers.eml', 'quarantine'),
  government('14-nhs-partner-health.eml', 'nhs.net', 'protect'),
  government('15-officer-passport-check.eml', 'hmpo.gov.uk', 'deliver'),
];

/** What became of one story's message. */
export interface DemoResult {
  readonly story: DemoStory;
  readonly messageId: string;
  readonly mailbox: string;
  /** False when no action was recorded before the timeout. */
  readonly decided: boolean;
  readonly classification?: string;
  readonly action?: Action;
  readonly ruleId?: string;
  readonly verdicts?: SesVerdicts;
  /** Where the message (or its notice) was found, e.g. `ciphertext + portal notice`. */
  readonly landed: string;
  /** Everything the action should have left was found. */
  readonly landedOk: boolean;
  /** Error entries recorded for the message (stage: code). */
  readonly errors: readonly string[];
}

export interface DemoOptions {
  readonly rootDir: string;
  readonly cacheDir: string;
  readonly stories?: readonly DemoStory[];
  /** How long to wait for every message to be decided. Default 60 s. */
  readonly timeoutMs?: number;
  /** Called with a one-line status as sending and waiting progress. */
  readonly progress?: (status: string) => void;
  /** Leave the stack running and return it (the caller stops it and removes `dataDir`). */
  readonly keep?: boolean;
}

export interface DemoRun {
  readonly results: readonly DemoResult[];
  /** Only with `keep`. */
  readonly stack?: LocalStack;
}

/** Runs the demo: a fresh stack, every story sent over SMTP, every outcome read back. */
export async function runDemo(options: DemoOptions): Promise<DemoRun> {
  const stories = options.stories ?? DEMO_STORIES;
  const progress = options.progress ?? (() => undefined);
  const ipByHelo = senderAddresses(stories);
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-demo-'));
  progress('Starting a local stack for the demo…');
  const stack = await startLocalStack({
    dataDir,
    cacheDir: options.cacheDir,
    rootDir: options.rootDir,
    inMemory: true,
    smtpClientIp: ({ helo, remoteAddress }) => ipByHelo.get(helo) ?? remoteAddress,
  });
  const clients = demoClients(stack);
  try {
    const sent: Sent[] = [];
    for (const story of stories) {
      progress(`Sending ${sent.length + 1}/${stories.length} ${story.file}`);
      sent.push(await sendStory(stack, options.rootDir, story));
    }
    const results = await awaitOutcomes(stack, clients, sent, options.timeoutMs ?? 60_000, progress);
    return { results, ...(options.keep ? { stack } : {}) };
  } finally {
    clients.destroy();
    if (!options.keep) {
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** The table the demo prints, one row per message. */
export function demoTable(results: readonly DemoResult[]): string[] {
  return table(
    ['FILE', 'CLASSIFICATION', 'ACTION', 'RULE', 'SPF', 'DKIM', 'DMARC', 'LANDED'],
    results.map((r) => [
      r.story.file.replace(/\.eml$/, ''),
      r.classification ?? '-',
      r.decided
        ? `${(r.action ?? '-').toUpperCase()}${r.action === r.story.expected ? '' : ` (expected ${r.story.expected.toUpperCase()})`}`
        : 'NOT DECIDED',
      r.ruleId ?? '-',
      r.verdicts?.spf ?? '-',
      r.verdicts?.dkim ?? '-',
      r.verdicts?.dmarc ?? '-',
      r.errors.length > 0 ? `${r.landed}; errors: ${r.errors.join(', ')}` : r.landed,
    ]),
  );
}

/** Every message decided as its story expects, and found where its action puts it. */
export function demoSucceeded(results: readonly DemoResult[]): boolean {
  return results.every((r) => r.decided && r.action === r.story.expected && r.landedOk);
}

/** A message the listener accepted. */
export interface Sent {
  readonly story: DemoStory;
  readonly messageId: string;
  readonly mailbox: string;
}

/** The address each sending host connects from, for the stack's `smtpClientIp`. */
export function senderAddresses(stories: readonly DemoStory[]): Map<string, string> {
  const byHelo = new Map<string, string>();
  for (const { helo, sender } of stories) {
    const ip = DEMO_SENDER_IPS[sender];
    if (byHelo.has(helo) && byHelo.get(helo) !== ip)
      throw new Error(`${helo} is given two sending addresses`);
    byHelo.set(helo, ip);
  }
  return byHelo;
}

/** A story's sample as its sending host hands it to the listener (see `smtpSender`). */
export function storyMail(stack: LocalStack, rootDir: string, story: DemoStory): OutgoingMail {
  const sample = readFileSync(join(rootDir, 'samples', story.file));
  const { raw, returnPath, to } = withoutSimulatedSesBlock(sample);
  return {
    raw: story.testString ? armTestString(raw, story.testString) : raw,
    from: returnPath,
    to: [configuredMailbox(stack, to)],
    helo: story.helo,
    ...(story.dkimDomain ? { dkimDomain: story.dkimDomain } : {}),
  };
}

/** Sends one story's sample through the stack's SMTP listener; the listener's reply gives its id. */
export async function sendStory(stack: LocalStack, rootDir: string, story: DemoStory): Promise<Sent> {
  const mail = storyMail(stack, rootDir, story);
  const sender = smtpSender({ ...stack.smtp, dkimPrivateKeyPem: stack.dkim.privateKeyPem });
  try {
    const { messageId } = await sender.send(mail);
    return { story, messageId, mailbox: mail.to[0] as string };
  } finally {
    sender.close();
  }
}

/**
 * The samples open with a simulated SES block (the CLI reads its verdicts). A sender never sends
 * one, and the listener writes the real block, so it is removed before sending: the same block
 * the pipeline would read (`sesBlock`). Its `Return-Path` gives the envelope sender and `To` the
 * shared address the sample was written for.
 */
export function withoutSimulatedSesBlock(sample: Buffer): { raw: Buffer; returnPath: string; to: string } {
  const fields = readHeaderSection(sample).fields;
  const block = sesBlock(fields);
  const returnPath = /<([^>]*)>/.exec(block.find((f) => f.key === 'return-path')?.value ?? '')?.[1] ?? '';
  const to = /(?:^|<)([^\s<>,]+@[^\s<>,]+)/.exec(fields.find((f) => f.key === 'to')?.value ?? '')?.[1] ?? '';
  // Drop the block's fields, each a line that starts a field plus its folded continuation lines.
  const lines = sample.toString('latin1').split(/(?<=\n)/);
  let index = 0;
  for (let dropped = 0; index < lines.length; index++) {
    const continuation = /^[ \t]/.test(lines[index] ?? '');
    if (!continuation && dropped === block.length) break;
    if (!continuation) dropped++;
  }
  return { raw: Buffer.from(lines.slice(index).join(''), 'latin1'), returnPath, to };
}

/** The configured shared address with the sample's local part (samples name a demo domain). */
function configuredMailbox(stack: LocalStack, sampleTo: string): string {
  const localPart = sampleTo.split('@')[0]?.toLowerCase();
  const match = stack.config.mailboxes.find((m) => m.address.split('@')[0]?.toLowerCase() === localPart);
  if (!match) throw new Error(`no configured mailbox for ${sampleTo}`);
  return match.address;
}

/**
 * The scanner test strings are put in at send time, never kept in `samples/`: a desktop virus
 * scanner or mail filter reading the checkout would act on them. Sample 07 carries a defanged
 * EICAR file (its tail changed) as the attachment; it is re-armed here. Sample 11's text gains
 * the GTUBE line.
 */
export function armTestString(raw: Buffer, testString: 'EICAR' | 'GTUBE'): Buffer {
  const text = raw.toString('latin1');
  if (testString === 'GTUBE') {
    return Buffer.from(`${text.replace(/\r?\n?$/, '')}\r\n\r\n${GTUBE_TEST_STRING}\r\n`, 'latin1');
  }
  const defanged = Buffer.from(`${EICAR_TEST_STRING.slice(0, 28)}caveat-test-file`).toString('base64');
  if (!text.includes(defanged)) throw new Error('the virus sample no longer carries the defanged EICAR file');
  return Buffer.from(text.replace(defanged, Buffer.from(EICAR_TEST_STRING).toString('base64')), 'latin1');
}

interface DemoClients {
  readonly db: DynamoDBDocumentClient;
  readonly s3: S3Client;
  destroy(): void;
}

function demoClients(stack: LocalStack): DemoClients {
  const common = { region: stack.config.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: stack.dynamodb.endpoint });
  const s3 = new S3Client({ ...common, endpoint: stack.s3.endpoint, forcePathStyle: true });
  return {
    db: DynamoDBDocumentClient.from(dynamo),
    s3,
    destroy: () => {
      dynamo.destroy();
      s3.destroy();
    },
  };
}

async function auditEntries(clients: DemoClients, stack: LocalStack, sent: Sent): Promise<AuditEntry[]> {
  const { Items } = await clients.db.send(
    new QueryCommand({
      TableName: stack.tables.decisions,
      KeyConditionExpression: 'messageId = :id AND begins_with(seq, :mailbox)',
      ExpressionAttributeValues: { ':id': sent.messageId, ':mailbox': `${sent.mailbox}#` },
    }),
  );
  return (Items ?? []) as AuditEntry[];
}

/** The entry of the action stage, written once the action is done. */
const actionEntry = (entries: readonly AuditEntry[]) => entries.find((e) => /#2#/.test(e.seq));

async function awaitOutcomes(
  stack: LocalStack,
  clients: DemoClients,
  sent: readonly Sent[],
  timeoutMs: number,
  progress: (status: string) => void,
): Promise<DemoResult[]> {
  const deadline = Date.now() + timeoutMs;
  const entries = new Map<string, AuditEntry[]>();
  for (;;) {
    for (const message of sent) {
      if (!actionEntry(entries.get(message.messageId) ?? [])) {
        entries.set(message.messageId, await auditEntries(clients, stack, message));
      }
    }
    const decided = sent.filter((m) => actionEntry(entries.get(m.messageId) ?? [])).length;
    progress(`Waiting for decisions ${decided}/${sent.length}`);
    if (decided === sent.length || Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // An action's last step (moving or deleting the raw object) follows its audit entry.
  await Promise.race([stack.queue.drained(), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  const outbox = await stack.ses.sent();
  return Promise.all(
    sent.map(async (message) => {
      const found = entries.get(message.messageId) ?? [];
      const done = actionEntry(found);
      const classified = found.find((e) => e.stage === 'classify');
      const errors = found.filter((e) => e.error).map((e) => `${e.error?.stage}: ${e.error?.code}`);
      const notices = outbox.filter(
        (m) => m.subject.includes(message.messageId) || (m.body.text ?? '').includes(message.messageId),
      );
      const where = done?.action
        ? await landing(stack, clients, message, done.action, notices.length)
        : { landed: 'raw object left in inbound/', ok: false };
      return {
        story: message.story,
        messageId: message.messageId,
        mailbox: message.mailbox,
        decided: done !== undefined,
        ...(classified?.classification ? { classification: classified.classification } : {}),
        ...(done?.action ? { action: done.action } : {}),
        ...(classified?.ruleId ? { ruleId: classified.ruleId } : {}),
        ...(classified?.verdicts ? { verdicts: classified.verdicts } : {}),
        landed: where.landed,
        landedOk: where.ok,
        errors,
      };
    }),
  );
}

/** Looks for what the action leaves: object, hold record, notice. */
async function landing(
  stack: LocalStack,
  clients: DemoClients,
  message: Sent,
  action: Action,
  notices: number,
): Promise<{ landed: string; ok: boolean }> {
  const exists = (prefix: string) =>
    clients.s3
      .send(
        new HeadObjectCommand({
          Bucket: stack.bucket,
          Key: `${prefix}/${message.mailbox}/${message.messageId}`,
        }),
      )
      .then(
        () => true,
        () => false,
      );
  const noticeText = (what: string) => (notices > 0 ? what : `${what} MISSING`);
  switch (action) {
    case 'deliver':
      return { landed: noticeText('team mailbox (SES outbox)'), ok: notices > 0 };
    case 'protect': {
      const stored = (await exists('ciphertext')) && !(await exists('inbound'));
      return {
        landed: `${stored ? 'ciphertext/' : 'ciphertext/ MISSING'} + ${noticeText('portal notice')}`,
        ok: stored && notices > 0,
      };
    }
    case 'hold': {
      const { Item } = await clients.db.send(
        new GetCommand({
          TableName: stack.tables.holds,
          Key: { holdKey: `${message.mailbox}/${message.messageId}` },
        }),
      );
      return {
        landed: `${Item ? 'holds table' : 'hold record MISSING'} + ${noticeText('team notice')}`,
        ok: Item !== undefined && notices > 0,
      };
    }
    case 'quarantine': {
      const moved = (await exists('quarantine')) && !(await exists('inbound'));
      return {
        landed: `${moved ? 'quarantine/' : 'quarantine/ MISSING'} + ${noticeText('security notice')}`,
        ok: moved && notices > 0,
      };
    }
  }
}

/** A one-line progress indicator on a terminal; plain lines otherwise. */
function progressLine(stream: NodeJS.WriteStream): { update: (status: string) => void; done: () => void } {
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let frame = 0;
  let last = '';
  return {
    update: (status) => {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${frames[frame++ % frames.length]} ${status}`);
      } else if (status.replace(/\d+\/\d+.*/, '') !== last.replace(/\d+\/\d+.*/, '')) {
        stream.write(`${status}\n`); // one line per phase when not on a terminal
      }
      last = status;
    },
    done: () => {
      if (stream.isTTY) stream.write('\r\x1b[2K');
    },
  };
}

async function main(argv: readonly string[]): Promise<number> {
  const keep = argv.includes('--keep');
  // The ingest function's JSON logs and metrics would bury the table; warnings still show.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const rootDir = join(import.meta.dirname, '..');
  const line = progressLine(process.stderr);
  const run = await runDemo({ rootDir, cacheDir: localPaths(rootDir).cacheDir, progress: line.update, keep });
  line.done();
  console.log(demoTable(run.results).join('\n'));
  const undecided = run.results.filter((r) => !r.decided).length;
  const ok = demoSucceeded(run.results);
  console.log(
    undecided > 0
      ? `\n${undecided} message(s) were not decided in time.`
      : ok
        ? `\nAll ${run.results.length} messages were decided as expected.`
        : '\nSome messages were not handled as their story expects (see ACTION and LANDED).',
  );
  if (run.stack) {
    const stack = run.stack;
    console.log(
      `\nSent mail viewer: ${stack.ses.endpoint}/   S3: ${stack.s3.endpoint}   DynamoDB: ${stack.dynamodb.endpoint}`,
    );
    console.log('Press Ctrl-C to stop the demo stack (its data is deleted).');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    });
    await stack.stop();
    rmSync(stack.dataDir, { recursive: true, force: true });
  }
  return ok ? 0 : 1;
}

if (import.meta.main) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`npm run demo: ${(error as Error).message}`);
      process.exit(1);
    },
  );
}
