import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PACKS } from '../../policies/index.ts';
import { DETECTORS } from '../../shared/detect/registry.ts';
import { semanticProblems, validatePack } from '../../shared/policy/pack-schema.ts';

const here = path.dirname(new URL(import.meta.url).pathname);
const testsUnder = (dir: string) =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
const policyTests = testsUnder(here);
/** Documents the packs cite; a paragraph must name one of them. */
const CITED_DOCUMENTS = [
  'DWP Email Policy',
  'Cambridgeshire Email Policy',
  'Understanding Secure Email',
  'RFC 5322',
];

describe.each(Object.values(BUILT_IN_PACKS))('Invariants of pack $id', (pack) => {
  it('passes its own schema and semantic checks', () => {
    expect(() => validatePack(pack, pack.id)).not.toThrow();
    expect(semanticProblems(pack)).toEqual([]);
  });

  it('has unique rule ids', () => {
    const ids = pack.rules.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cites at least one paragraph of a known document in every rule', () => {
    for (const rule of pack.rules) {
      expect(rule.paragraphs.length, rule.id).toBeGreaterThan(0);
      for (const p of rule.paragraphs)
        expect(
          CITED_DOCUMENTS.some((doc) => p.startsWith(doc)),
          `${rule.id}: ${p}`,
        ).toBe(true);
    }
  });

  it('has a test for every rule', () => {
    for (const rule of pack.rules) expect(policyTests, rule.id).toContain(`Rule: ${rule.id}'`);
  });

  it('gives every trusted domain a reason', () => {
    for (const entry of pack.trustedDomains) expect(entry.reason.length).toBeGreaterThan(10);
  });
});

describe('Invariants of the detectors', () => {
  it('has a test file for every detector', () => {
    const detectTests = readdirSync(path.join(here, '../detect'));
    for (const detector of DETECTORS) expect(detectTests, detector.id).toContain(`${detector.id}.test.ts`);
  });
});
