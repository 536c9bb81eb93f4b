/**
 * Opens protected messages for the portal with the AWS Encryption SDK, only under the context the
 * caller expects (see encryption-sdk-keyring.ts for the keyrings and the message format).
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import type { KeyringNode } from '@aws-crypto/material-management-node';
import type { MessageDecryptor, MessageEncryptionContext } from '../pipeline/ports.ts';
import { MESSAGE_CLIENT_OPTIONS, messageEncryptionContext } from './encryption-sdk-keyring.ts';

/** Context keys the Encryption SDK adds itself; they are not ours to expect. */
const RESERVED_CONTEXT_PREFIX = 'aws-crypto-';

const { decrypt } = buildDecrypt(MESSAGE_CLIENT_OPTIONS);

/**
 * The ciphertext opened, but under a context other than the one expected. The Encryption SDK
 * authenticates the context it stored but does not compare it with anything; this adapter does.
 */
export class EncryptionContextMismatchError extends Error {
  override readonly name = 'EncryptionContextMismatchError';
  /** The context keys that differ, were missing or were unexpected; never their values. */
  readonly keys: readonly string[];

  constructor(keys: readonly string[]) {
    super(`encryption context differs from the one expected in: ${keys.join(', ')}`);
    this.keys = keys;
  }
}

/** Opens protected content for the portal, only under the context the caller expects. */
export class EncryptionSdkMessageDecryptor implements MessageDecryptor {
  readonly #keyring: KeyringNode;

  constructor(keyring: KeyringNode) {
    this.#keyring = keyring;
  }

  async decrypt(ciphertext: Uint8Array, expected: MessageEncryptionContext): Promise<Uint8Array> {
    const { plaintext, messageHeader } = await decrypt(this.#keyring, ciphertext);
    const differing = contextDifferences(messageEncryptionContext(expected), messageHeader.encryptionContext);
    if (differing.length > 0) {
      plaintext.fill(0);
      throw new EncryptionContextMismatchError(differing);
    }
    return plaintext;
  }
}

/** Keys whose values differ or are missing, and keys present but not expected (bar the SDK's own). */
function contextDifferences(
  expected: Readonly<Record<string, string>>,
  actual: Readonly<Record<string, string>>,
): string[] {
  const differing = Object.keys(expected).filter((key) => actual[key] !== expected[key]);
  const unexpected = Object.keys(actual).filter(
    (key) => !Object.hasOwn(expected, key) && !key.startsWith(RESERVED_CONTEXT_PREFIX),
  );
  return [...differing, ...unexpected];
}
