import { describe, expect, it } from 'vitest';
import { type DocumentTextExtractor, withinTimeBudget } from '../../shared/mail/document-text.ts';

const LIMITS = { maxTextChars: 1000, maxDecodedBytes: 1_000_000 };
const PDF = new Uint8Array([0x25, 0x50, 0x44, 0x46]);

describe('withinTimeBudget', () => {
  it('sends documents until the budget has passed since the first, then flags the rest unscanned', async () => {
    let clock = 1_000;
    const sent: number[] = [];
    const documents: DocumentTextExtractor = {
      extract: async () => {
        sent.push(clock);
        clock += 10_000; // each document takes 10 s to read
        return { text: 'read', flags: [] };
      },
    };
    const budgeted = withinTimeBudget(documents, 25_000, () => clock);
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await budgeted.extract('pdf', PDF, LIMITS));
    // Started at 0, 10 and 20 s after the first (within 25 s); the fourth would start at 30 s.
    expect(sent).toEqual([1_000, 11_000, 21_000]);
    expect(answers.map((a) => a.flags)).toEqual([
      [],
      [],
      [],
      ['contents-not-scanned'],
      ['contents-not-scanned'],
    ]);
    expect(answers[3]?.text).toBeUndefined();
  });

  it('counts from the first document, not from when it was set up', async () => {
    let clock = 0;
    const budgeted = withinTimeBudget(
      { extract: async () => ({ text: 'read', flags: [] }) },
      5_000,
      () => clock,
    );
    clock = 60_000;
    expect(await budgeted.extract('docx', PDF, LIMITS)).toEqual({ text: 'read', flags: [] });
  });
});
