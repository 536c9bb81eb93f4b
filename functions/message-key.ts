/**
 * Where the message key comes from, for the functions that encrypt (ingest, confirmation) or
 * decrypt (portal) messages: a KMS key on AWS, a local AES key on a local run. In a module of its
 * own so that the portal does not bundle the ingest function's wiring to get it.
 */
import { type AwsClientsConfig, kmsClientConfig } from '../shared/adapters/aws-clients.ts';
import type { MessageKeyConfig } from '../shared/adapters/encryption-sdk-keyring.ts';

export function messageKeyConfig(
  settings: { readonly CAVEAT_LOCAL_MESSAGE_KEY?: string; readonly CAVEAT_MESSAGE_KEY_ARN?: string },
  aws: AwsClientsConfig,
): MessageKeyConfig {
  if (settings.CAVEAT_LOCAL_MESSAGE_KEY) {
    return {
      kind: 'local-aes',
      key: new Uint8Array(Buffer.from(settings.CAVEAT_LOCAL_MESSAGE_KEY, 'base64')),
    };
  }
  // The settings schemas guarantee exactly one of the two is set (ONE_MESSAGE_KEY).
  return { kind: 'kms', keyArn: settings.CAVEAT_MESSAGE_KEY_ARN ?? '', kms: kmsClientConfig(aws) };
}
