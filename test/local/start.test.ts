import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDataDir, DataDirInUseError, localPaths, releaseDataDir } from '../../local/data-dir.ts';
import { freePort, preferredPort } from '../../local/free-port.ts';
import { resetLocalData } from '../../local/reset.ts';
import { choosePorts } from '../../local/start.ts';

describe('npm start: ports', () => {
  let busy: Server;
  let busyPort: number;
  beforeAll(async () => {
    busyPort = await freePort();
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(busyPort, '127.0.0.1', resolve));
  });
  afterAll(() => new Promise<void>((resolve) => busy.close(() => resolve())));

  it('keeps a preferred port that is free and moves off one that is taken', async () => {
    const free = await freePort();
    expect(await preferredPort(free)).toBe(free);
    const moved = await preferredPort(busyPort);
    expect(moved).not.toBe(busyPort);
    expect(moved).toBeGreaterThan(0);
  });

  it('uses a port set in the environment as given', async () => {
    const { ports, busy: moved } = await choosePorts({
      CAVEAT_SMTP_PORT: '2600',
      CAVEAT_SES_PORT: '2601',
      CAVEAT_S3_PORT: '2602',
      CAVEAT_DYNAMODB_PORT: String(busyPort),
      CAVEAT_PORTAL_PORT: '2603',
      CAVEAT_OIDC_PORT: '2604',
      CAVEAT_CONFIRM_PORT: '2605',
    });
    expect(ports).toEqual({
      smtp: 2600,
      ses: 2601,
      s3: 2602,
      dynamodb: busyPort,
      portal: 2603,
      oidc: 2604,
      confirm: 2605,
    });
    expect(moved).toEqual({});
  });

  it('refuses a port variable that is not a port', async () => {
    await expect(choosePorts({ CAVEAT_SMTP_PORT: '25x' })).rejects.toThrow(/CAVEAT_SMTP_PORT=25x/);
  });
});

describe('npm start: the data folder', () => {
  const root = mkdtempSync(join(tmpdir(), 'caveat-start-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('lives in .caveat-data/local unless CAVEAT_DATA_DIR says otherwise, the cache beside it', () => {
    expect(localPaths('/repo', {})).toEqual({
      dataDir: '/repo/.caveat-data/local',
      cacheDir: '/repo/.caveat-data/cache',
    });
    expect(localPaths('/repo', { CAVEAT_DATA_DIR: '/elsewhere' }).dataDir).toBe('/elsewhere');
  });

  it('is held by one live stack at a time, and reset refuses while it is held', () => {
    const dataDir = join(root, 'held');
    // This process's parent stands in for a running `npm start`.
    claimDataDir(dataDir);
    writeFileSync(join(dataDir, 'stack.pid'), String(process.ppid));
    expect(() => claimDataDir(dataDir)).toThrow(DataDirInUseError);
    expect(() => resetLocalData(dataDir)).toThrow(/running/);
  });

  it('is wiped by reset once no live process holds it', () => {
    const dataDir = join(root, 'stale');
    claimDataDir(dataDir);
    releaseDataDir(dataDir);
    writeFileSync(join(dataDir, 'stack.pid'), '999999999'); // a process that no longer exists
    expect(resetLocalData(dataDir)).toBe('wiped');
    expect(resetLocalData(dataDir)).toBe('nothing-to-wipe');
  });
});
