/**
 * Where `npm start` keeps its data, and a pid file so that only one stack uses a data folder at
 * a time: two DynamoDB Local processes on one database file, or a reset under a running stack,
 * would corrupt it.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalPaths {
  /** Database, objects, keys and dead letters; `npm run reset` wipes it. */
  readonly dataDir: string;
  /** Downloads (DynamoDB Local); survives a reset. */
  readonly cacheDir: string;
}

/** `.caveat-data/local` and `.caveat-data/cache` under the repository, or `CAVEAT_DATA_DIR`. */
export function localPaths(rootDir: string, env: NodeJS.ProcessEnv = process.env): LocalPaths {
  return {
    dataDir: env.CAVEAT_DATA_DIR || join(rootDir, '.caveat-data', 'local'),
    cacheDir: join(rootDir, '.caveat-data', 'cache'),
  };
}

const PID_FILE = 'stack.pid';

/** The pid of a live process that holds `dataDir`, if any. */
export function runningStackPid(dataDir: string): number | undefined {
  let pid: number;
  try {
    pid = Number.parseInt(readFileSync(join(dataDir, PID_FILE), 'utf8'), 10);
  } catch {
    return undefined;
  }
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0); // signal 0 only asks whether the process exists
    return pid;
  } catch (error) {
    // EPERM: it exists but belongs to someone else; still in use.
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}

/** Another process already runs a stack on the data folder. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/** Marks `dataDir` as used by this process; throws if a live process holds it already. */
export function claimDataDir(dataDir: string): void {
  const holder = runningStackPid(dataDir);
  if (holder !== undefined) {
    throw new DataDirInUseError(`${dataDir} is in use by a running stack (pid ${holder}); stop it first`);
  }
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, PID_FILE), String(process.pid));
}

/** Gives the data folder up (only if this process holds it). */
export function releaseDataDir(dataDir: string): void {
  try {
    if (readFileSync(join(dataDir, PID_FILE), 'utf8').trim() === String(process.pid)) {
      rmSync(join(dataDir, PID_FILE), { force: true });
    }
  } catch {
    // Already gone (a reset after a crash, say): nothing to give up.
  }
}

/**
 * A local secret under `<dataDir>/keys/`: random bytes (base64url), created on first start,
 * readable by its owner only, kept across restarts and wiped by `npm run reset`.
 */
export function localSecret(
  dataDir: string,
  fileName: string,
  bytes: number,
  encoding: BufferEncoding = 'base64url',
): string {
  const file = join(dataDir, 'keys', fileName);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'keys'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(bytes).toString(encoding), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}
