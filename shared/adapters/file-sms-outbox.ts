import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SmsSender, TextMessage } from '../pipeline/ports.ts';

/** One line of the outbox file. */
export interface OutboxText extends TextMessage {
  readonly messageId: string;
  readonly at: string;
}

/**
 * Local runs: texts are appended to a JSON Lines file instead of being sent, so they can be read
 * beside the SES viewer's mail. The file is created readable by its owner only.
 */
export class FileSmsOutbox implements SmsSender {
  readonly file: string;

  constructor(file: string) {
    this.file = file;
  }

  async send(message: TextMessage): Promise<string> {
    const line: OutboxText = {
      ...message,
      messageId: `local-sms-${randomUUID()}`,
      at: new Date().toISOString(),
    };
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    await appendFile(this.file, `${JSON.stringify(line)}\n`, { mode: 0o600 });
    return line.messageId;
  }

  /** Everything sent so far, oldest first. */
  async sent(): Promise<OutboxText[]> {
    const text = await readFile(this.file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return '';
      throw error;
    });
    return text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as OutboxText);
  }
}
