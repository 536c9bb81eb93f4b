import { randomBytes } from 'node:crypto';
import { DecryptCommand, DisabledException, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { MessageKeyConfigError, messageKeyring } from '../../shared/adapters/encryption-sdk-keyring.ts';
import {
  EncryptionContextMismatchError,
  EncryptionSdkMessageDecryptor,
} from '../../shared/adapters/encryption-sdk-message-decryptor.ts';
import { EncryptionSdkMessageEncryptor } from '../../shared/adapters/encryption-sdk-message-encryptor.ts';
import type { MessageEncryptionContext } from '../../shared/pipeline/ports.ts';

const CONTEXT: MessageEncryptionContext = {
  messageId: '0100018f2b3c4d5e-abc',
  classification: 'OFFICIAL-SENSITIVE',
  mailbox: 'universal.credit@caveat.example.gov.uk',
};
const PLAINTEXT = new TextEncoder().encode('Subject: claim\r\n\r\nNINO QQ 12 34 56 C');
const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

const localKeyring = (key = randomBytes(32)) => messageKeyring({ kind: 'local-aes', key });

describe('EncryptionSdkMessageEncryptor with the local AES keyring', () => {
  const keyring = localKeyring();
  const encryptor = new EncryptionSdkMessageEncryptor(keyring);
  const decryptor = new EncryptionSdkMessageDecryptor(keyring);

  it('round-trips a message under its context', async () => {
    const ciphertext = await encryptor.encrypt(PLAINTEXT, CONTEXT);
    expect(Buffer.from(ciphertext).includes(Buffer.from('QQ 12 34 56 C'))).toBe(false);
    expect(new Uint8Array(await decryptor.decrypt(ciphertext, CONTEXT))).toEqual(PLAINTEXT);
  });

  it.each([
    ['messageId', { ...CONTEXT, messageId: '0100018f2b3c4d5e-xyz' }],
    ['classification', { ...CONTEXT, classification: 'OFFICIAL' as const }],
    ['mailbox', { ...CONTEXT, mailbox: 'pensions@caveat.example.gov.uk' }],
  ])('rejects a message opened under another %s', async (key, expected) => {
    const ciphertext = await encryptor.encrypt(PLAINTEXT, CONTEXT);
    const opening = decryptor.decrypt(ciphertext, expected);
    await expect(opening).rejects.toBeInstanceOf(EncryptionContextMismatchError);
    await expect(opening).rejects.toMatchObject({ keys: [key] });
  });

  it('names only the differing keys, never their values', async () => {
    const ciphertext = await encryptor.encrypt(PLAINTEXT, CONTEXT);
    const error = await decryptor
      .decrypt(ciphertext, { ...CONTEXT, mailbox: 'pensions@caveat.example.gov.uk' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EncryptionContextMismatchError);
    expect((error as Error).message).not.toContain('@');
    expect((error as Error).message).not.toContain(CONTEXT.messageId);
  });

  it.each([
    ['body', (c: Uint8Array) => Math.floor(c.byteLength / 2)],
    ['signature', (c: Uint8Array) => c.byteLength - 1],
    ['header', () => 40],
  ])('rejects a ciphertext with a byte of its %s changed', async (_part, at) => {
    const ciphertext = Buffer.from(await encryptor.encrypt(PLAINTEXT, CONTEXT));
    const i = at(ciphertext);
    ciphertext[i] = (ciphertext[i] ?? 0) ^ 0x01;
    await expect(decryptor.decrypt(ciphertext, CONTEXT)).rejects.toThrow();
  });

  it('rejects a ciphertext sealed under another key', async () => {
    const ciphertext = await new EncryptionSdkMessageEncryptor(localKeyring()).encrypt(PLAINTEXT, CONTEXT);
    await expect(decryptor.decrypt(ciphertext, CONTEXT)).rejects.toThrow();
  });

  it('refuses a local key that is not 256 bits', () => {
    expect(() => localKeyring(randomBytes(16))).toThrow(MessageKeyConfigError);
  });
});

describe('EncryptionSdkMessageEncryptor with the KMS keyring', () => {
  const kms = mockClient(KMSClient);
  afterEach(() => kms.reset());

  const dataKey = randomBytes(32);
  const wrappedKey = randomBytes(184);
  const keyring = () =>
    messageKeyring({ kind: 'kms', keyArn: KEY_ARN, kms: { endpoint: 'http://127.0.0.1:1' } });

  it('asks KMS for a data key under the message key, with the context bound', async () => {
    kms.on(GenerateDataKeyCommand).resolves({
      KeyId: KEY_ARN,
      Plaintext: new Uint8Array(dataKey),
      CiphertextBlob: wrappedKey,
    });
    await new EncryptionSdkMessageEncryptor(keyring()).encrypt(PLAINTEXT, CONTEXT);

    const calls = kms.commandCalls(GenerateDataKeyCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]?.args[0].input;
    expect(input?.KeyId).toBe(KEY_ARN);
    expect(input?.NumberOfBytes).toBe(32);
    expect(input?.EncryptionContext).toEqual({
      messageId: CONTEXT.messageId,
      classification: CONTEXT.classification,
      mailbox: CONTEXT.mailbox,
      'aws-crypto-public-key': expect.any(String),
    });
  });

  it('asks KMS to unwrap with the key and context from the header, then checks the context', async () => {
    kms.on(GenerateDataKeyCommand).resolves({
      KeyId: KEY_ARN,
      Plaintext: new Uint8Array(dataKey),
      CiphertextBlob: wrappedKey,
    });
    // A fresh copy per call: the SDK zeroes a data key once it has used it.
    kms.on(DecryptCommand).callsFake(() => ({ KeyId: KEY_ARN, Plaintext: new Uint8Array(dataKey) }));
    const ciphertext = await new EncryptionSdkMessageEncryptor(keyring()).encrypt(PLAINTEXT, CONTEXT);

    const decryptor = new EncryptionSdkMessageDecryptor(keyring());
    expect(new Uint8Array(await decryptor.decrypt(ciphertext, CONTEXT))).toEqual(PLAINTEXT);
    const input = kms.commandCalls(DecryptCommand)[0]?.args[0].input;
    expect(input?.KeyId).toBe(KEY_ARN);
    expect(new Uint8Array(input?.CiphertextBlob ?? [])).toEqual(new Uint8Array(wrappedKey));
    expect(input?.EncryptionContext).toMatchObject({ messageId: CONTEXT.messageId });

    await expect(
      decryptor.decrypt(ciphertext, { ...CONTEXT, classification: 'OFFICIAL' }),
    ).rejects.toBeInstanceOf(EncryptionContextMismatchError);
  });

  it('lets a KMS refusal through under its own name, for the audit entry', async () => {
    kms.on(GenerateDataKeyCommand).rejects(new DisabledException({ message: 'disabled', $metadata: {} }));
    await expect(
      new EncryptionSdkMessageEncryptor(keyring()).encrypt(PLAINTEXT, CONTEXT),
    ).rejects.toMatchObject({
      name: 'DisabledException',
    });
  });

  it('refuses a key alias: decrypt matches the ARN recorded in the ciphertext', () => {
    expect(() => messageKeyring({ kind: 'kms', keyArn: 'alias/caveat/messages' })).toThrow(
      MessageKeyConfigError,
    );
  });
});
