/**
 * Seals protected messages with the AWS Encryption SDK under the message key (see
 * encryption-sdk-keyring.ts for the keyrings and the message format).
 */
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import type { KeyringNode } from '@aws-crypto/material-management-node';
import type { MessageEncryptionContext, MessageEncryptor } from '../pipeline/ports.ts';
import { MESSAGE_CLIENT_OPTIONS, MESSAGE_SUITE, messageEncryptionContext } from './encryption-sdk-keyring.ts';

const { encrypt } = buildEncrypt(MESSAGE_CLIENT_OPTIONS);

/** Seals protected content under the message key, bound to its context. */
export class EncryptionSdkMessageEncryptor implements MessageEncryptor {
  readonly #keyring: KeyringNode;

  constructor(keyring: KeyringNode) {
    this.#keyring = keyring;
  }

  async encrypt(plaintext: Uint8Array, context: MessageEncryptionContext): Promise<Uint8Array> {
    const { result } = await encrypt(this.#keyring, plaintext, {
      encryptionContext: messageEncryptionContext(context),
      suiteId: MESSAGE_SUITE,
    });
    return result;
  }
}
