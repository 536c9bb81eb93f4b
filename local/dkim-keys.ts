/**
 * The demo senders' DKIM key: an RSA-2048 pair generated on first use into the local data folder
 * (gitignored), so no private key is ever committed and every checkout signs with its own.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface DkimKeys {
  readonly privateKeyPem: string;
  readonly publicKeyPem: string;
  /** The DNS TXT value publishing the public key: `v=DKIM1; k=rsa; p=…` (RFC 6376 §3.6.1). */
  readonly dnsTxt: string;
}

const KEY_FILE = 'dkim-private.pem';

/** Reads the key pair kept in `directory`, generating and saving it the first time. */
export function loadDkimKeys(directory: string): DkimKeys {
  mkdirSync(directory, { recursive: true });
  const path = join(directory, KEY_FILE);
  let privateKeyPem: string;
  try {
    privateKeyPem = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    privateKeyPem = createKeyFile(path);
  }
  const publicKeyPem = createPublicKey(createPrivateKey(privateKeyPem))
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return { privateKeyPem, publicKeyPem, dnsTxt: dkimTxtRecord(publicKeyPem) };
}

/** The `v=DKIM1` TXT value for an RSA public key in SPKI PEM. */
export function dkimTxtRecord(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({ type: 'spki', format: 'der' });
  return `v=DKIM1; k=rsa; p=${der.toString('base64')}`;
}

// Written aside then hard-linked into place, which fails if the file exists: two processes
// starting together keep one key, and nobody reads a half-written file.
function createKeyFile(path: string): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, pem, { mode: 0o600 });
  try {
    linkSync(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    unlinkSync(temporary);
  }
  return readFileSync(path, 'utf8');
}
