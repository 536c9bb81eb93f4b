/**
 * Parser comparison: postal-mime (used in product code) against mailparser's simpleParser, on
 * the external corpus (when present) and on generated 100 KB and 1 MB messages, in one run.
 * Run: node bench/parsers.bench.ts [iterations]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import PostalMime from 'postal-mime';

const iterations = Number(process.argv[2] ?? 20);
const corpus = path.resolve(import.meta.dirname, '../../shared/corpus/mime-external');

function corpusMessages(): Buffer[] {
  if (!existsSync(corpus)) return [];
  const files: string[] = [];
  for (const sub of readdirSync(corpus)) {
    const full = path.join(corpus, sub);
    if (statSync(full).isDirectory()) for (const f of readdirSync(full)) files.push(path.join(full, f));
  }
  return files.map((f) => readFileSync(f));
}

function generated(targetBytes: number): Buffer {
  const attachment = Buffer.alloc(Math.floor(targetBytes * 0.7), 'Caseload record 2026; ');
  const body = 'Dear team,\r\nPlease find the monthly report attached.\r\n'.repeat(
    Math.ceil((targetBytes * 0.05) / 52),
  );
  return Buffer.from(
    [
      'From: Reports <reports@agency-example.gov.uk>',
      'To: team@agency-example.gov.uk',
      'Subject: Monthly report',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b"',
      '',
      '--b',
      'Content-Type: text/plain; charset=utf-8',
      '',
      body,
      '--b',
      'Content-Type: application/octet-stream; name="report.dat"',
      'Content-Disposition: attachment; filename="report.dat"',
      'Content-Transfer-Encoding: base64',
      '',
      ...(attachment.toString('base64').match(/.{1,76}/g) ?? []),
      '--b--',
      '',
    ].join('\r\n'),
  );
}

interface Stats {
  msgsPerSec: number;
  mbPerSec: number;
  p50: number;
  p99: number;
}

async function measure(messages: Buffer[], parse: (m: Buffer) => Promise<unknown>): Promise<Stats> {
  for (const m of messages) await parse(m); // warm-up
  const times: number[] = [];
  let bytes = 0;
  const start = performance.now();
  for (let i = 0; i < iterations; i++) {
    for (const m of messages) {
      const t = performance.now();
      await parse(m);
      times.push(performance.now() - t);
      bytes += m.byteLength;
    }
  }
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number): number => times[Math.min(times.length - 1, Math.floor(q * times.length))]!;
  return { msgsPerSec: times.length / seconds, mbPerSec: bytes / 1e6 / seconds, p50: at(0.5), p99: at(0.99) };
}

const sets: [string, Buffer[]][] = [
  ['corpus', corpusMessages()],
  ['generated 100 KB', [generated(100 * 1024)]],
  ['generated 1 MB', [generated(1024 * 1024)]],
];

console.log(`iterations: ${iterations}, node ${process.version}`);
console.log('set | parser | msgs/s | MB/s | p50 ms | p99 ms | mailparser/postal-mime time ratio');
for (const [name, messages] of sets) {
  if (messages.length === 0) {
    console.log(`${name} | skipped (corpus not found)`);
    continue;
  }
  const postal = await measure(messages, (m) => PostalMime.parse(m));
  const mailparser = await measure(messages, (m) => simpleParser(m));
  const row = (parser: string, s: Stats, ratio = ''): string =>
    `${name} (${messages.length} msgs) | ${parser} | ${s.msgsPerSec.toFixed(0)} | ${s.mbPerSec.toFixed(1)} | ${s.p50.toFixed(2)} | ${s.p99.toFixed(2)} | ${ratio}`;
  console.log(row('postal-mime', postal));
  console.log(row('mailparser', mailparser, (postal.msgsPerSec / mailparser.msgsPerSec).toFixed(2)));
}
