/**
 * The local stack for integration tests, on a temporary folder and free ports, with a sender and
 * a probe that reads back what it did with a message: its audit entries, the objects stored
 * under its id, and the notices about it in the local SES outbox.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_STORIES, type DemoStory, senderAddresses } from '../../local/demo.ts';
import type { DeadLetter } from '../../local/local-queue.ts';
import type { SentMail } from '../../local/ses-server.ts';
import { type SmtpSender, smtpSender } from '../../local/smtp-sender.ts';
import {
  LOCAL_CREDENTIALS,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../local/stack.ts';
import type { AuditEntry } from '../../shared/pipeline/audit-entry.ts';
import type { Action } from '../../shared/policy/decision.ts';
import { localCacheDir } from '../local/support.ts';

export const ROOT_DIR = join(import.meta.dirname, '..', '..');

/** The entries a message decided with each action ends with, in sort-key order. */
export const STAGES_BY_ACTION: Readonly<Record<Action, readonly string[]>> = {
  deliver: ['classify', 'deliver'],
  hold: ['classify', 'hold', 'confirm-request'],
  protect: ['classify', 'protect'],
  quarantine: ['classify', 'quarantine'],
};

/**
 * Mail a message's entries say went to the citizen: a confirmation request or acknowledgement,
 * a card-details reply. `already-sent` counts too: an earlier attempt sent it and the ledger
 * kept the retry from sending it again. Officers' notices name the message; these do not.
 */
export function citizenMailsFor(entries: readonly AuditEntry[]): number {
  const sent = (value: unknown) => value === 'sent' || value === 'already-sent';
  let count = 0;
  for (const entry of entries) {
    if (entry.error) continue;
    if (entry.stage === 'confirm-request' && sent(entry.outcome?.request)) count++;
    if (sent(entry.outcome?.cardDetailsReply)) count++;
  }
  return count;
}

/** A local stack on a temporary folder, a sender for it and a probe of what it did. */
export interface TestStack {
  readonly stack: LocalStack;
  readonly sender: SmtpSender;
  readonly probe: StackProbe;
  /** Stops everything and removes the folder. */
  stop(): Promise<void>;
}

export interface TestStackOptions
  extends Partial<Pick<LocalStackOptions, 'inMemory' | 'ports' | 'queue' | 'functionTimeoutMs'>> {
  /** Stories whose sending hosts connect from their own addresses. Default: every demo story. */
  readonly stories?: readonly DemoStory[];
  /** The sender's concurrency. Default 1. */
  readonly concurrency?: number;
}

export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-it-'));
  const ipByHelo = senderAddresses(options.stories ?? DEMO_STORIES);
  const stack = await startLocalStack({
    dataDir,
    cacheDir: localCacheDir(),
    rootDir: ROOT_DIR,
    inMemory: options.inMemory ?? true,
    ...(options.ports ? { ports: options.ports } : {}),
    ...(options.queue ? { queue: options.queue } : {}),
    ...(options.functionTimeoutMs ? { functionTimeoutMs: options.functionTimeoutMs } : {}),
    smtpClientIp: ({ helo, remoteAddress }) => ipByHelo.get(helo) ?? remoteAddress,
  });
  const sender = smtpSender({
    ...stack.smtp,
    dkimPrivateKeyPem: stack.dkim.privateKeyPem,
    concurrency: options.concurrency ?? 1,
  });
  const probe = stackProbe(stack);
  return {
    stack,
    sender,
    probe,
    stop: async () => {
      sender.close();
      probe.destroy();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface StackProbe {
  /** Every audit entry of a message, in sort-key order. */
  entries(messageId: string): Promise<AuditEntry[]>;
  /** Every object key in the bucket that names the message (any prefix). */
  objectKeys(messageId: string): Promise<string[]>;
  /** Officers' notices and forwarded copies in the SES outbox: those that name the message. */
  notices(messageId: string, outbox?: readonly SentMail[]): Promise<SentMail[]>;
  /** Files in the queue's dead-letter folder. */
  deadLetters(): string[];
  /** The dead letters themselves. */
  readDeadLetters(): DeadLetter[];
  destroy(): void;
}

export function stackProbe(stack: LocalStack): StackProbe {
  const common = { region: stack.config.region, credentials: LOCAL_CREDENTIALS };
  const dynamo = new DynamoDBClient({ ...common, endpoint: stack.dynamodb.endpoint });
  const db = DynamoDBDocumentClient.from(dynamo);
  const s3 = new S3Client({ ...common, endpoint: stack.s3.endpoint, forcePathStyle: true });
  return {
    entries: async (messageId) => {
      const { Items } = await db.send(
        new QueryCommand({
          TableName: stack.tables.decisions,
          KeyConditionExpression: 'messageId = :id',
          ExpressionAttributeValues: { ':id': messageId },
        }),
      );
      return (Items ?? []) as AuditEntry[];
    },
    objectKeys: async (messageId) => {
      const keys: string[] = [];
      let ContinuationToken: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: stack.bucket, ContinuationToken }));
        keys.push(...(page.Contents ?? []).flatMap((o) => (o.Key ? [o.Key] : [])));
        ContinuationToken = page.NextContinuationToken;
      } while (ContinuationToken);
      return keys.filter((key) => key.endsWith(`/${messageId}`));
    },
    notices: async (messageId, outbox) =>
      (outbox ?? (await stack.ses.sent())).filter(
        (m) => m.subject.includes(messageId) || (m.body.text ?? '').includes(messageId),
      ),
    deadLetters: () => deadLetterFiles(stack),
    readDeadLetters: () =>
      deadLetterFiles(stack).map(
        (file) => JSON.parse(readFileSync(join(stack.dataDir, 'dead-letters', file), 'utf8')) as DeadLetter,
      ),
    destroy: () => {
      dynamo.destroy();
      s3.destroy();
    },
  };
}

function deadLetterFiles(stack: LocalStack): string[] {
  try {
    return readdirSync(join(stack.dataDir, 'dead-letters'));
  } catch {
    return [];
  }
}
