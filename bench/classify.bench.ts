/**
 * Classification throughput and latency on a generated corpus, next to parse-only on the same
 * corpus in the same run, plus peak memory for one 25 MB message.
 *   node bench/classify.bench.ts [--messages 1000]
 */
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import PostalMime from 'postal-mime';
import { NO_CONTACTS } from '../shared/adapters/csv-contact-register.ts';
import { detectAll } from '../shared/detect/registry.ts';
import { inProcessDocumentText } from '../shared/mail/in-process-document-text.ts';
import { readMail } from '../shared/mail/read-mail.ts';
import { classifyMessage } from '../shared/pipeline/classify.ts';
import { DEFAULT_PACK_ID, loadPack } from '../shared/policy/load-pack.ts';
import { type GeneratedMessage, generateCorpus, generateLargeMessage } from './corpus.ts';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '1000' }, 'large-child': { type: 'string' } },
});

if (values['large-child'] !== undefined) {
  await largeChild(values['large-child']);
} else {
  await main(Number(values.messages));
}

async function buildClassifier() {
  const pack = await loadPack(DEFAULT_PACK_ID, async () => '');
  return classifyMessage({
    pack,
    contacts: NO_CONTACTS,
    detect: (text) => detectAll(text),
    documents: inProcessDocumentText,
  });
}

interface Stage {
  readonly name: string;
  readonly run: (raw: Uint8Array) => Promise<unknown>;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(stage: Stage, corpus: readonly GeneratedMessage[]) {
  for (const m of corpus.slice(0, 50)) await stage.run(m.raw); // warm-up: JIT and lazy imports
  const times: number[] = [];
  const small: number[] = [];
  let bytes = 0;
  const started = performance.now();
  for (const m of corpus) {
    const t0 = performance.now();
    await stage.run(m.raw);
    const elapsed = performance.now() - t0;
    times.push(elapsed);
    if (m.raw.byteLength <= 100 * 1024) small.push(elapsed);
    bytes += m.raw.byteLength;
  }
  const total = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  small.sort((a, b) => a - b);
  return {
    stage: stage.name,
    total,
    perSecond: corpus.length / total,
    mbPerSecond: bytes / 1024 / 1024 / total,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    smallP99: percentile(small, 99),
    smallCount: small.length,
  };
}

async function main(count: number) {
  const corpus = generateCorpus(count);
  const totalMb = corpus.reduce((n, m) => n + m.raw.byteLength, 0) / 1024 / 1024;
  const withAttachments = corpus.filter((m) =>
    Buffer.from(m.raw).includes('Content-Disposition: attachment'),
  ).length;
  console.log(
    `Corpus: ${count} messages, ${totalMb.toFixed(1)} MB, ${withAttachments} with attachments, sizes 1 KB–1 MB`,
  );
  console.log(`Node ${process.version}, one thread, sequential\n`);

  const classify = await buildClassifier();
  const stages: Stage[] = [
    { name: 'parse-only (postal-mime)', run: (raw) => PostalMime.parse(raw) },
    { name: 'read (parse + extract)', run: (raw) => readMail(raw, inProcessDocumentText) },
    { name: 'classify (full)', run: (raw) => classify(raw) },
  ];
  const results = [];
  for (const stage of stages) results.push(await measure(stage, corpus));

  const fmt = (n: number, d = 1) => n.toFixed(d).padStart(9);
  console.log(
    `${'stage'.padEnd(26)}${'msg/s'.padStart(9)}${'MB/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}  p99 ms ≤100 KB`,
  );
  for (const r of results) {
    console.log(
      `${r.stage.padEnd(26)}${fmt(r.perSecond, 0)}${fmt(r.mbPerSecond)}${fmt(r.p50, 2)}${fmt(r.p99, 2)}  ${r.smallP99.toFixed(2)} (${r.smallCount} msgs)`,
    );
  }
  const [parse, read, full] = results;
  if (parse && read && full) {
    console.log(`\nclassify / parse-only time ratio: ${(full.total / parse.total).toFixed(2)}×`);
    console.log(`classify / read time ratio:       ${(full.total / read.total).toFixed(2)}×`);
  }

  const baseline = runLargeChild('baseline');
  const large = runLargeChild('classify');
  console.log(
    `\n25 MB message with attachments: peak RSS ${large.rssMb.toFixed(0)} MB (decided: ${large.action}), baseline process holding the message ${baseline.rssMb.toFixed(0)} MB, ratio ${(large.rssMb / baseline.rssMb).toFixed(2)}×`,
  );
}

function runLargeChild(mode: string): { rssMb: number; action: string } {
  const out = execFileSync(process.execPath, [import.meta.filename, '--large-child', mode], {
    encoding: 'utf8',
  });
  return JSON.parse(out) as { rssMb: number; action: string };
}

async function largeChild(mode: string) {
  const raw = generateLargeMessage(25);
  let action = 'n/a';
  if (mode === 'classify') {
    const classify = await buildClassifier();
    action = (await classify(raw)).decision.action;
  }
  process.stdout.write(
    JSON.stringify({ rssMb: process.resourceUsage().maxRSS / 1024, action, bytes: raw.byteLength }),
  );
}
