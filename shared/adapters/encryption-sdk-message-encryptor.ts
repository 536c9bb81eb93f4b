/**
 * Envelope encryption of protected messages with the AWS Encryption SDK: each message gets its
 * own data key, wrapped by the message key, and the ciphertext carries its encryption context
 * (message id, classification, mailbox) in an authenticated, signed header.
 *
 * Two keyrings sit behind the same interface:
 * - KMS (deployed): `KmsKeyringNode` with the message key's ARN as generator. KMS sees the
 *   context on every GenerateDataKey and Decrypt, so the key policy's context conditions apply.
 * - Local AES (local runs): KMS has no local equivalent, so local runs use the SDK's raw AES
 *   keyring with a 256-bit key from configuration. Same message format, same context binding,
 *   no key policy; the portal's decryptor must be built with the same key, name and namespace.
 *
 * This is the only module that imports a crypto library (house style 8).
 */
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { buildEncrypt } from '@aws-crypto/encrypt-node';
import { cacheClients, getClient, KMS, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  type KeyringNode,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import type { MessageDecryptor, MessageEncryptionContext, MessageEncryptor } from '../pipeline/ports.ts';

/**
 * Key commitment and an ECDSA signature: only a holder of the signing key (the one encryption)
 * could have produced the ciphertext. The signing key's public half rides in the context as
 * `aws-crypto-public-key`, which the message key's policy allows.
 */
export const MESSAGE_SUITE =
  AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

/** Context keys the Encryption SDK adds itself; they are not ours to expect. */
const RESERVED_CONTEXT_PREFIX = 'aws-crypto-';

const clientOptions = {
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  // One message key wraps each data key; a ciphertext listing more is not one of ours, and
  // capping the count stops it making the portal try key after key.
  maxEncryptedDataKeys: 1,
};
const { encrypt } = buildEncrypt(clientOptions);
const { decrypt } = buildDecrypt(clientOptions);

export type MessageKeyConfig =
  | {
      readonly kind: 'kms';
      /** The message key's ARN (an ARN, not an alias, so decrypt can match it in the header). */
      readonly keyArn: string;
      /** KMS client settings (endpoint, credentials); the region comes from the key ARN. */
      readonly kms?: KMSClientConfig;
    }
  | {
      readonly kind: 'local-aes';
      /** 32 bytes. */
      readonly key: Uint8Array;
      /** Recorded in each ciphertext and matched on decrypt. Default `local-message-key`. */
      readonly keyName?: string;
      /** Default `caveat`. */
      readonly keyNamespace?: string;
    };

/** The message key configuration cannot be used. Never carries key material. */
export class MessageKeyConfigError extends Error {
  override readonly name = 'MessageKeyConfigError';
}

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

/** The keyring for a message key configuration; build it once and share it. */
export function messageKeyring(config: MessageKeyConfig): KeyringNode {
  if (config.kind === 'kms') {
    if (!config.keyArn.startsWith('arn:'))
      throw new MessageKeyConfigError('the message key must be a KMS key ARN');
    return new KmsKeyringNode({
      generatorKeyId: config.keyArn,
      // One client per region, built from our settings so a local or VPC endpoint is honoured.
      clientProvider: cacheClients(getClient(KMS, config.kms ?? {})),
    });
  }
  if (config.key.byteLength !== 32) {
    throw new MessageKeyConfigError('the local message key must be 32 bytes (256 bits)');
  }
  return new RawAesKeyringNode({
    keyName: config.keyName ?? 'local-message-key',
    keyNamespace: config.keyNamespace ?? 'caveat',
    unencryptedMasterKey: config.key,
    wrappingSuite: RawAesWrappingSuiteIdentifier.AES256_GCM_IV12_TAG16_NO_PADDING,
  });
}

/** Seals protected content under the message key, bound to its context. */
export class EncryptionSdkMessageEncryptor implements MessageEncryptor {
  readonly #keyring: KeyringNode;

  constructor(keyring: KeyringNode) {
    this.#keyring = keyring;
  }

  async encrypt(plaintext: Uint8Array, context: MessageEncryptionContext): Promise<Uint8Array> {
    const { result } = await encrypt(this.#keyring, plaintext, {
      encryptionContext: encryptionContext(context),
      suiteId: MESSAGE_SUITE,
    });
    return result;
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
    const differing = contextDifferences(encryptionContext(expected), messageHeader.encryptionContext);
    if (differing.length > 0) {
      plaintext.fill(0);
      throw new EncryptionContextMismatchError(differing);
    }
    return plaintext;
  }
}

function encryptionContext(context: MessageEncryptionContext): Record<string, string> {
  return { messageId: context.messageId, classification: context.classification, mailbox: context.mailbox };
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
