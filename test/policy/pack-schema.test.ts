import { describe, expect, it } from 'vitest';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import type { PolicyPack } from '../../shared/policy/pack.ts';
import { PolicyPackError, validatePack } from '../../shared/policy/pack-schema.ts';

/** A JSON round trip: what a candidate pack file holds. */
const asJson = (pack: PolicyPack): Record<string, unknown> => JSON.parse(JSON.stringify(pack));

function errorOf(input: unknown): string {
  try {
    validatePack(input, 'candidate.json');
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyPackError);
    return (error as Error).message;
  }
  throw new Error('expected the pack to be refused');
}

describe('validatePack', () => {
  it('accepts a built-in pack as JSON, unchanged', () => {
    expect(validatePack(asJson(DWP_PACK), 'dwp.json')).toEqual(asJson(DWP_PACK));
  });

  it('names the field of an unknown finding type', () => {
    const pack = asJson(DWP_PACK);
    const rules = pack.rules as { when: unknown }[];
    (rules[2] as { when: unknown }).when = { findingAny: ['DATE_OF_BIRTH', 'SHOE_SIZE'] };
    expect(errorOf(pack)).toMatch(/^policy pack candidate\.json: rules\[2\]\.when/);
  });

  it('refuses unknown fields, a missing version and a rule without a paragraph', () => {
    expect(errorOf({ ...asJson(DWP_PACK), colour: 'blue' })).toMatch(/colour/);
    const { version: _v, ...noVersion } = asJson(DWP_PACK);
    expect(errorOf(noVersion)).toMatch(/version/);
    const pack = asJson(DWP_PACK);
    (pack.rules as { paragraphs: unknown }[])[0] = {
      ...(pack.rules as object[])[0],
      paragraphs: [],
    };
    expect(errorOf(pack)).toMatch(/rules\[0\]\.paragraphs/);
  });

  it('refuses duplicate rule ids', () => {
    const pack = asJson(DWP_PACK);
    const rules = pack.rules as { id: string }[];
    (rules[1] as { id: string }).id = rules[0]?.id ?? '';
    expect(errorOf(pack)).toMatch(/rules\[1\]\.id: duplicate rule id DWP-1\.8-MARKING/);
  });

  it('refuses action rules out of precedence order', () => {
    const pack = asJson(DWP_PACK) as unknown as PolicyPack;
    const rules = [...pack.rules];
    const protect = rules.findIndex((r) => r.id === 'DWP-1.7-PROTECT');
    const [moved] = rules.splice(protect, 1);
    if (moved) rules.splice(4, 0, moved);
    expect(errorOf({ ...pack, rules })).toMatch(
      /action rules must be ordered quarantine > hold > protect > deliver/,
    );
  });

  it('requires the last action rule to be a catch-all', () => {
    const pack = asJson(DWP_PACK) as unknown as PolicyPack;
    expect(errorOf({ ...pack, rules: pack.rules.slice(0, -1) })).toMatch(/must be a catch-all/);
  });

  it('refuses a classification rule that tests the classification', () => {
    const pack = asJson(DWP_PACK) as unknown as PolicyPack;
    const first = pack.rules[0];
    if (!first) throw new Error('pack has no rules');
    const rules = [{ ...first, when: { classification: 'OFFICIAL' } }, ...pack.rules.slice(1)];
    expect(errorOf({ ...pack, rules })).toMatch(/only action rules may test the classification/);
  });

  it('refuses a malformed trusted domain', () => {
    const pack = asJson(DWP_PACK) as unknown as PolicyPack;
    expect(
      errorOf({ ...pack, trustedDomains: [{ domain: 'not a domain', reason: 'because it is nice' }] }),
    ).toMatch(/trustedDomains\[0\]\.domain: Invalid domain name/);
  });
});
