import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dkimTxtRecord, loadDkimKeys } from '../../local/dkim-keys.ts';

describe('local DKIM keys', () => {
  const directory = mkdtempSync(join(tmpdir(), 'caveat-dkim-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('generates an RSA-2048 pair once, readable only by its owner, and reuses it', () => {
    const first = loadDkimKeys(directory);
    const again = loadDkimKeys(directory);
    expect(again).toEqual(first);
    expect(first.privateKeyPem).toContain('BEGIN PRIVATE KEY');
    expect(statSync(join(directory, 'dkim-private.pem')).mode & 0o777).toBe(0o600);
    // A 2048-bit RSA SubjectPublicKeyInfo is 294 bytes: 392 base64 characters.
    expect(first.dnsTxt).toMatch(/^v=DKIM1; k=rsa; p=[A-Za-z0-9+/]{392}$/);
    expect(dkimTxtRecord(first.publicKeyPem)).toBe(first.dnsTxt);
  });
});
