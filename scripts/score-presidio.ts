/**
 * Scores Caveat's detectors against Presidio's recognizer test vectors and prints the
 * per-entity agreement table used in docs/detectors.md.
 *
 *   node scripts/score-presidio.ts [path/to/vectors.jsonl]
 *
 * Presidio scores recognizers in isolation with no context boost, so each vector is run through
 * `detectAll` with only the mapped type and `minConfidence: 0`: every candidate counts, whatever
 * its confidence. A vector agrees when the set of spans found equals the expected set.
 * DATE_TIME is the exception: Caveat reports dates of birth only, so agreement there means that
 * no DATE_OF_BIRTH finding is raised for these context-free dates.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FindingType } from '../shared/detect/detection.ts';
import { detectAll } from '../shared/detect/registry.ts';

export interface PresidioVector {
  readonly id: string;
  readonly entity: string;
  readonly text: string;
  readonly expected_spans: readonly (readonly [number, number])[];
  readonly note: string;
}

export interface VectorResult {
  readonly id: string;
  readonly entity: string;
  readonly agrees: boolean;
  readonly expected: readonly (readonly [number, number])[];
  readonly found: readonly (readonly [number, number])[];
}

export interface EntityScore {
  readonly entity: string;
  readonly type: FindingType;
  readonly vectors: number;
  readonly agreed: number;
  readonly disagreements: readonly string[];
}

/** Presidio entity → Caveat finding type. */
export const ENTITY_MAP: Readonly<Record<string, FindingType>> = {
  UK_NINO: 'UK_NINO',
  UK_NHS: 'NHS_NUMBER',
  CREDIT_CARD: 'PAYMENT_CARD',
  IBAN_CODE: 'IBAN',
  EMAIL_ADDRESS: 'EMAIL_ADDRESS',
  PHONE_NUMBER: 'PHONE_NUMBER',
  UK_POSTCODE: 'POSTAL_ADDRESS',
  UK_PASSPORT: 'UK_PASSPORT',
  UK_DRIVING_LICENCE: 'UK_DRIVING_LICENCE',
  DATE_TIME: 'DATE_OF_BIRTH',
};

/** Where the vectors live in a full checkout (the corpus is not shipped with the repository). */
export const DEFAULT_VECTORS = path.resolve(
  import.meta.dirname,
  '../../shared/corpus/presidio-vectors/vectors.jsonl',
);

export function readVectors(file: string): PresidioVector[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as PresidioVector);
}

const key = (spans: readonly (readonly [number, number])[]) =>
  spans
    .map(([s, e]) => `${s}-${e}`)
    .sort()
    .join(',');

/** Expected spans as Caveat should read them: QUIRK rows trimmed of the leading space Presidio kept. */
function expectedFor(v: PresidioVector): (readonly [number, number])[] {
  if (v.entity === 'DATE_TIME') return [];
  return v.expected_spans.map(([s, e]) => {
    let start = s;
    if (v.note.includes('QUIRK')) while (start < e && /\s/.test(v.text[start]!)) start += 1;
    return [start, e] as const;
  });
}

export function scoreVector(v: PresidioVector): VectorResult {
  const type = ENTITY_MAP[v.entity];
  const found = type
    ? detectAll(v.text, { types: [type], minConfidence: 0 }).map((d) => [d.start, d.end] as const)
    : [];
  const expected = expectedFor(v);
  return { id: v.id, entity: v.entity, agrees: key(found) === key(expected), expected, found };
}

export function scoreAll(vectors: readonly PresidioVector[]): EntityScore[] {
  const byEntity = new Map<string, VectorResult[]>();
  for (const v of vectors) {
    const list = byEntity.get(v.entity) ?? [];
    list.push(scoreVector(v));
    byEntity.set(v.entity, list);
  }
  return [...byEntity.entries()].map(([entity, results]) => ({
    entity,
    type: ENTITY_MAP[entity]!,
    vectors: results.length,
    agreed: results.filter((r) => r.agrees).length,
    disagreements: results.filter((r) => !r.agrees).map((r) => r.id),
  }));
}

if (import.meta.main) {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? DEFAULT_VECTORS;
  if (!existsSync(file)) {
    console.error(`vectors not found: ${file}`);
    process.exit(1);
  }
  const vectors = readVectors(file);
  const verbose = process.argv.includes('--verbose');
  console.log('| Presidio entity | Caveat type | vectors | agree | agreement | disagreements |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const s of scoreAll(vectors)) {
    const pct = ((100 * s.agreed) / s.vectors).toFixed(1);
    console.log(
      `| ${s.entity} | ${s.type} | ${s.vectors} | ${s.agreed} | ${pct}% | ${s.disagreements.join(', ') || '—'} |`,
    );
  }
  if (verbose) {
    // Spans only: offsets, never the matched values.
    for (const v of vectors) {
      const r = scoreVector(v);
      if (!r.agrees)
        console.log(`${r.id}: expected ${JSON.stringify(r.expected)} found ${JSON.stringify(r.found)}`);
    }
  }
}
