import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileSmsOutbox } from '../../shared/adapters/file-sms-outbox.ts';

describe('FileSmsOutbox', () => {
  it('appends each text as a JSON line, readable by its owner only', async () => {
    const outbox = new FileSmsOutbox(join(mkdtempSync(join(tmpdir(), 'caveat-sms-')), 'sms', 'outbox.jsonl'));
    expect(await outbox.sent()).toEqual([]);
    const first = await outbox.send({ to: '+447400123456', body: 'one', templateId: 't' });
    await outbox.send({ to: '+447400123456', body: 'two', templateId: 't' });
    const sent = await outbox.sent();
    expect(sent.map((t) => t.body)).toEqual(['one', 'two']);
    expect(sent[0]?.messageId).toBe(first);
    expect(statSync(outbox.file).mode & 0o777).toBe(0o600);
  });
});
