import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PACKS } from '../../policies/index.ts';
import { renderRulesTable } from '../../scripts/generate-rules-table.ts';

describe('docs/rules.md', () => {
  it('is current with the packs (run npm run docs:rules after changing a pack)', () => {
    expect(readFileSync(new URL('../../docs/rules.md', import.meta.url), 'utf8')).toBe(renderRulesTable());
  });

  it('lists every rule of every pack with its paragraphs', () => {
    const text = renderRulesTable();
    for (const pack of Object.values(BUILT_IN_PACKS))
      for (const rule of pack.rules)
        expect(text).toContain(`| \`${rule.id}\` | ${rule.paragraphs.join('; ')} |`);
  });
});
