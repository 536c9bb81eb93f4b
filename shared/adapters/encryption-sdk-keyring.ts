/**
 * The message key for the AWS Encryption SDK, and the settings every protected message is sealed
 * and opened with: each message gets its own data key, wrapped by the message key, and the
 * ciphertext carries its encryption context (message id, classification, mailbox) in an
 * authenticated, signed header.
 *
 * Two keyrings sit behind the same interface:
 * - KMS (deployed): `KmsKeyringNode` with the message key's ARN as generator. KMS sees the
 *   context on every GenerateDataKey and Decrypt, so the key policy's context conditions apply.
 * - Local AES (local runs): KMS has no local equivalent, so local runs use the SDK's raw AES
 *   keyring with a 256-bit key from configuration. Same message format, same context binding,
 *   no key policy; the portal's decryptor must be built with the same key, name and namespace.
 *
 * Sealing and opening live in two modules of their own (encryption-sdk-message-encryptor.ts,
 * encryption-sdk-message-decryptor.ts), so a function that only encrypts does not carry the
 * decrypting half, nor the portal the encrypting one. These three are the only modules that
 * import a crypto library (house style 8).
 */
import { cacheClients, getClient, KMS, KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import {
  AlgorithmSuiteIdentifier,
  CommitmentPolicy,
  type KeyringNode,
} from '@aws-crypto/material-management-node';
import { RawAesKeyringNode, RawAesWrappingSuiteIdentifier } from '@aws-crypto/raw-aes-keyring-node';
import type { KMSClientConfig } from '@aws-sdk/client-kms';
import type { MessageEncryptionContext } from '../pipeline/ports.ts';

/**
 * Key commitment and an ECDSA signature: only a holder of the signing key (the one encryption)
 * could have produced the ciphertext. The signing key's public half rides in the context as
 * `aws-crypto-public-key`, which the message key's policy allows.
 */
export const MESSAGE_SUITE =
  AlgorithmSuiteIdentifier.ALG_AES256_GCM_IV12_TAG16_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

/** Client settings shared by sealing and opening. */
export const MESSAGE_CLIENT_OPTIONS = {
  commitmentPolicy: CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT,
  // One message key wraps each data key; a ciphertext listing more is not one of ours, and
  // capping the count stops it making the portal try key after key.
  maxEncryptedDataKeys: 1,
};

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

/** The context a message is sealed under and must be opened under. */
export function messageEncryptionContext(context: MessageEncryptionContext): Record<string, string> {
  return { messageId: context.messageId, classification: context.classification, mailbox: context.mailbox };
}
