import { describe, expect, it } from 'vitest';
import { createDigestHandler, daysToDigest } from '../../../functions/audit-digest/handler.ts';
import { readDigestSettings } from '../../../functions/audit-digest/settings.ts';
import { SettingsError } from '../../../functions/ingest/settings.ts';

describe('Audit digest function', () => {
  it('covers the look-back days ending yesterday (UTC)', () => {
    expect(daysToDigest(new Date('2026-03-01T00:30:00.000Z'), 3)).toEqual([
      '2026-02-26',
      '2026-02-27',
      '2026-02-28',
    ]);
  });

  it('digests those days and logs counts only', async () => {
    const asked: (readonly string[])[] = [];
    const logged: unknown[] = [];
    const handler = createDigestHandler({
      digest: async (days) => {
        asked.push(days);
        return { digested: ['a@x.gov.uk#2026-11-22'], skipped: ['b@x.gov.uk#2026-11-21'] };
      },
      clock: { now: () => new Date('2026-11-23T00:30:00.000Z') },
      lookbackDays: 2,
      logger: { info: (...args: unknown[]) => logged.push(args) },
    });
    expect(await handler()).toEqual({ digested: 1, skipped: 1 });
    expect(asked).toEqual([['2026-11-21', '2026-11-22']]);
    expect(JSON.stringify(logged)).not.toContain('@');
  });

  it('refuses missing settings, naming them', () => {
    expect(() => readDigestSettings({})).toThrow(SettingsError);
    expect(() => readDigestSettings({})).toThrow(/CAVEAT_DECISIONS_TABLE[\s\S]*CAVEAT_AUDIT_DIGEST_BUCKET/);
  });
});
