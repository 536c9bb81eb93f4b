import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

/** The secret has no usable value. Never carries the value. */
export class WebSecretMissingError extends Error {
  override readonly name = 'WebSecretMissingError';
}

/**
 * Reads a web service's secret from Secrets Manager once, at cold start: a generated string
 * (CDK `generateSecretString`), used as bytes. Rotating it signs every officer out.
 */
export async function readWebSecret(client: SecretsManagerClient, secretId: string): Promise<Uint8Array> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
  if (!SecretString || SecretString.length < 32) {
    throw new WebSecretMissingError(`secret ${secretId} has no value of at least 32 characters`);
  }
  return new TextEncoder().encode(SecretString);
}
