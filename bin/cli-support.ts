import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CsvContactRegister, NO_CONTACTS } from '../shared/adapters/csv-contact-register.ts';
import { detectAll } from '../shared/detect/registry.ts';
import { inProcessDocumentText } from '../shared/mail/in-process-document-text.ts';
import { type ClassifyDependencies, classifyMessage } from '../shared/pipeline/classify.ts';
import { DEFAULT_PACK_ID, loadPack } from '../shared/policy/load-pack.ts';

/** Wrong arguments: printed with the usage line, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** What a command prints and the exit code it ends with. */
export interface CommandIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly stdin: () => Promise<string>;
}

export const EXIT_OK = 0;
export const EXIT_INPUT = 1;
export const EXIT_USAGE = 2;

/** File names taken from a directory: raw messages as SES writes them, or as mail clients save them. */
const MESSAGE_EXTENSIONS = new Set(['.eml', '.msg', '.mime']);

export interface InputFile {
  readonly file: string;
  /** Set when the path could not be read at all. */
  readonly error?: string;
}

/** Expands paths: a file is taken as it is; a directory gives its message files, sorted, recursively. */
export async function collectInputs(paths: readonly string[]): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const p of paths) {
    let info: Awaited<ReturnType<typeof stat>>;
    try {
      info = await stat(p);
    } catch (error) {
      inputs.push({ file: p, error: describeFsError(error) });
      continue;
    }
    if (info.isDirectory()) {
      const entries = await readdir(p, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile() && MESSAGE_EXTENSIONS.has(path.extname(e.name).toLowerCase()))
        .map((e) => path.join(e.parentPath, e.name))
        .sort();
      inputs.push(...files.map((file) => ({ file })));
    } else {
      inputs.push({ file: p });
    }
  }
  return inputs;
}

/** Reads one input's bytes, or says in plain words why it cannot be read. */
export async function readInput(input: InputFile): Promise<{ raw: Uint8Array } | { error: string }> {
  if (input.error) return { error: input.error };
  try {
    return { raw: await readFile(input.file) };
  } catch (error) {
    return { error: describeFsError(error) };
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
      return 'permission denied';
    case 'EISDIR':
      return 'is a directory';
    default:
      return (error as Error).message;
  }
}

export interface ClassifierOptions {
  readonly policy?: string;
  readonly contacts?: string;
  readonly partners?: readonly string[];
}

/** Builds the classify use case from CLI options: the pack, the contacts file, the partner list. */
export async function buildClassifier(options: ClassifierOptions) {
  const pack = await loadPack(options.policy ?? DEFAULT_PACK_ID, (file) => readFile(file, 'utf8'));
  const contacts = options.contacts
    ? CsvContactRegister.fromCsv(await readContactsFile(options.contacts), options.contacts)
    : NO_CONTACTS;
  const deps: ClassifyDependencies = {
    pack,
    contacts,
    detect: (text) => detectAll(text),
    documents: inProcessDocumentText,
    trustedPartners: options.partners ?? [],
  };
  return { pack, classify: classifyMessage(deps) };
}

async function readContactsFile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`--contacts ${file}: ${describeFsError(error)}`);
  }
}

/** Lays rows out as a plain-text table with a header row. */
export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
