import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEMO_STORIES, demoSucceeded, demoTable, runDemo } from '../../local/demo.ts';
import { localCacheDir } from '../local/support.ts';

const root = join(import.meta.dirname, '..', '..');

describe('npm run demo', () => {
  it('decides every sample as its story expects and finds it where its action puts it', async () => {
    const statuses: string[] = [];
    const { results, stack } = await runDemo({
      rootDir: root,
      cacheDir: localCacheDir(),
      progress: (status) => statuses.push(status),
    });

    expect(stack).toBeUndefined();
    expect(results.map((r) => r.story.file)).toEqual(DEMO_STORIES.map((s) => s.file));
    expect(results.map((r) => [r.story.file, r.decided, r.action, r.landedOk, r.errors])).toEqual(
      DEMO_STORIES.map((s) => [s.file, true, s.expected, true, []]),
    );
    expect(demoSucceeded(results)).toBe(true);
    expect(statuses).toContain(
      `Sending ${DEMO_STORIES.length}/${DEMO_STORIES.length} ${DEMO_STORIES.at(-1)?.file}`,
    );
    expect(statuses.at(-1)).toBe(`Waiting for decisions ${DEMO_STORIES.length}/${DEMO_STORIES.length}`);

    const byFile = new Map(results.map((r) => [r.story.file, r]));
    expect(byFile.get('07-virus-verdict.eml')?.ruleId).toBe('DWP-VIRUS');
    expect(byFile.get('11-spam-verdict.eml')?.ruleId).toBe('DWP-SPAM');
    expect(byFile.get('06-spoofed-gov-sender.eml')?.verdicts).toMatchObject({ spf: 'fail', dmarc: 'fail' });
    expect(byFile.get('09-council-bulk-csv.eml')?.verdicts).toMatchObject({ dkim: 'pass', dmarc: 'pass' });

    const lines = demoTable(results);
    expect(lines[0]).toMatch(/^FILE\s+CLASSIFICATION\s+ACTION\s+RULE\s+SPF\s+DKIM\s+DMARC\s+LANDED$/);
    expect(lines).toHaveLength(DEMO_STORIES.length + 2);
  }, 120_000);
});
