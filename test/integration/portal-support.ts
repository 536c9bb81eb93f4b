/**
 * What the portal's end-to-end tests share: an OFFICIAL-SENSITIVE message with an attachment
 * sent over SMTP as a DKIM-signing government sender, and the portal link from its notification.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTransport } from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { DEMO_DKIM_SELECTOR, DEMO_SENDER_IPS } from '../../local/dns-zone.ts';
import {
  LOCAL_CREDENTIALS,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../local/stack.ts';
import { localCacheDir } from '../local/support.ts';

export const SENDER_HELO = 'mail.dwp.gov.uk';
export const ATTACHMENT = {
  filename: 'referral-notes.txt',
  content: 'Referral notes: visit arranged for Tuesday.\n',
};

/** Plays the government sender's address for its host, as the demo does. */
export const smtpClientIp: LocalStackOptions['smtpClientIp'] = ({ helo, remoteAddress }) =>
  helo === SENDER_HELO ? DEMO_SENDER_IPS.government : remoteAddress;

export async function sendSensitiveMessage(
  stack: LocalStack,
): Promise<{ messageId: string; mailbox: string }> {
  const mailbox = stack.config.mailboxes[0]!.address;
  const raw = await new Promise<Buffer>((resolve, reject) =>
    new MailComposer({
      from: 'Case Officer <case.officer@dwp.gov.uk>',
      to: mailbox,
      subject: 'OFFICIAL-SENSITIVE: safeguarding referral with notes',
      text: 'Team,\n\nThe referral notes are attached.\n\nCase Officer',
      html: '<p>Team,</p><p>The referral notes are <b>attached</b>.</p><img src="https://tracker.example/p.gif" alt="">',
      attachments: [{ ...ATTACHMENT, contentType: 'text/plain' }],
    })
      .compile()
      .build((error, message) => (error ? reject(error) : resolve(message))),
  );
  const transport = createTransport({
    host: stack.smtp.host,
    port: stack.smtp.port,
    secure: false,
    ignoreTLS: true,
    name: SENDER_HELO,
    dkim: { domainName: 'dwp.gov.uk', keySelector: DEMO_DKIM_SELECTOR, privateKey: stack.dkim.privateKeyPem },
  });
  try {
    const info = await transport.sendMail({
      envelope: { from: 'case.officer@dwp.gov.uk', to: mailbox },
      raw,
    });
    const messageId = /\bOk ([0-9a-z]{40})\b/.exec(info.response)?.[1];
    if (!messageId) throw new Error(`unexpected SMTP reply ${info.response}`);
    return { messageId, mailbox };
  } finally {
    transport.close();
  }
}

/** The portal link in the protect notification about `messageId` (after the queue has drained). */
export async function portalLinkFor(stack: LocalStack, messageId: string): Promise<URL> {
  await stack.queue.drained();
  const notice = (await stack.ses.sent()).find(
    (mail) => mail.subject.includes(messageId) || (mail.body.text ?? '').includes(messageId),
  );
  const link = /https?:\/\/\S+\/open#t=[A-Za-z0-9_-]+/.exec(notice?.body.text ?? '')?.[0];
  if (!link) throw new Error(`no portal link in a notification about ${messageId}`);
  return new URL(link);
}

export interface PortalScene {
  readonly stack: LocalStack;
  readonly sent: { readonly messageId: string; readonly mailbox: string };
  /** The notification's link, token in the fragment. */
  readonly link: URL;
  /** The audit entries about the sent message, as stored. */
  auditEntries(): Promise<Record<string, unknown>[]>;
  stop(): Promise<void>;
}

/** A local stack (in-memory tables) with one protected message sent and its notification link found. */
export async function portalScene(): Promise<PortalScene> {
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-portal-'));
  const stack = await startLocalStack({
    dataDir,
    cacheDir: localCacheDir(),
    rootDir: join(import.meta.dirname, '..', '..'),
    inMemory: true,
    smtpClientIp,
  });
  const db = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.dynamodb.endpoint,
      region: stack.config.region,
      credentials: LOCAL_CREDENTIALS,
    }),
  );
  const sent = await sendSensitiveMessage(stack);
  const link = await portalLinkFor(stack, sent.messageId);
  return {
    stack,
    sent,
    link,
    auditEntries: async () =>
      (
        await db.send(
          new QueryCommand({
            TableName: stack.tables.decisions,
            KeyConditionExpression: 'messageId = :id',
            ExpressionAttributeValues: { ':id': sent.messageId },
          }),
        )
      ).Items ?? [],
    stop: async () => {
      db.destroy();
      await stack.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
