/**
 * `npm run reset`: wipes the local stack's data folder (database, objects, keys, dead letters),
 * keeping the download cache. Refuses while `npm start` is running on it.
 */
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { localPaths, runningStackPid } from './data-dir.ts';

export function resetLocalData(dataDir: string): 'wiped' | 'nothing-to-wipe' {
  const holder = runningStackPid(dataDir);
  if (holder !== undefined) {
    throw new Error(`the local stack (pid ${holder}) is running on ${dataDir}: stop it with Ctrl-C first`);
  }
  if (!existsSync(dataDir)) return 'nothing-to-wipe';
  rmSync(dataDir, { recursive: true, force: true });
  return 'wiped';
}

if (import.meta.main) {
  const { dataDir } = localPaths(join(import.meta.dirname, '..'));
  try {
    const result = resetLocalData(dataDir);
    console.log(result === 'wiped' ? `Wiped ${dataDir}` : `Nothing to wipe: ${dataDir} does not exist`);
  } catch (error) {
    console.error(`reset: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}
