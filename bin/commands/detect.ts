import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Detection } from '../../shared/detect/detection.ts';
import { detectAll } from '../../shared/detect/registry.ts';
import { type CommandIo, describeFsError, EXIT_INPUT, EXIT_OK, table, UsageError } from '../cli-support.ts';

export const DETECT_USAGE = 'caveat detect [--json] [FILE]   |   caveat detect --json --lines FILE.jsonl';

function findingsObject(detections: readonly Detection[]) {
  return {
    findings: detections.map((d) => ({
      type: d.type,
      start: d.start,
      end: d.end,
      confidence: Number(d.confidence.toFixed(2)),
      masked: d.masked,
    })),
  };
}

export async function detectCommand(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { json: { type: 'boolean', default: false }, lines: { type: 'string' } },
  });
  if (positionals.length > 1) throw new UsageError('detect takes at most one FILE (or reads standard input)');
  if (values.lines !== undefined) {
    if (!values.json) throw new UsageError('--lines prints JSON Lines: add --json');
    if (positionals.length > 0)
      throw new UsageError('--lines takes its input from FILE.jsonl, not a second file');
    return detectLines(values.lines, io);
  }

  let text: string;
  try {
    text = positionals[0] === undefined ? await io.stdin() : await readFile(positionals[0], 'utf8');
  } catch (error) {
    io.err(`caveat: cannot read ${positionals[0]}: ${describeFsError(error)}`);
    return EXIT_INPUT;
  }
  const detections = detectAll(text);
  if (values.json) {
    io.out(JSON.stringify(findingsObject(detections)));
  } else if (detections.length === 0) {
    io.out('No personal data found.');
  } else {
    const rows = detections.map((d) => [
      d.type,
      String(d.start),
      String(d.end),
      d.confidence.toFixed(2),
      d.masked,
    ]);
    for (const line of table(['TYPE', 'START', 'END', 'CONFIDENCE', 'VALUE (MASKED)'], rows)) io.out(line);
  }
  return EXIT_OK;
}

/** One `{"text": …}` object per input line → one findings object per output line, in order. */
async function detectLines(file: string, io: CommandIo): Promise<number> {
  let content: string;
  try {
    content = file === '-' ? await io.stdin() : await readFile(file, 'utf8');
  } catch (error) {
    io.err(`caveat: cannot read ${file}: ${describeFsError(error)}`);
    return EXIT_INPUT;
  }
  const lines = content.split(/\r?\n/);
  if (lines.at(-1) === '') lines.pop();
  let exit = EXIT_OK;
  lines.forEach((line, index) => {
    let text: unknown;
    try {
      text = (JSON.parse(line) as { text?: unknown }).text;
    } catch {
      text = undefined;
    }
    if (typeof text !== 'string') {
      io.err(`caveat: ${file} line ${index + 1}: expected a JSON object with a "text" string`);
      io.out(JSON.stringify({ error: 'line is not a JSON object with a "text" string', line: index + 1 }));
      exit = EXIT_INPUT;
      return;
    }
    io.out(JSON.stringify(findingsObject(detectAll(text))));
  });
  return exit;
}
