import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';

/** Props of {@link webSecret}. */
export interface WebSecretProps {
  /** What the secret seeds. Required. */
  readonly description: string;
  /** Key the secret is encrypted under. Required. */
  readonly encryptionKey: kms.IKey;
  /** What rotating it does to users, so why it is rotated by hand (cdk-nag SMG4). Required. */
  readonly rotation: string;
  /** Required. */
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A web service's own secret, generated on deploy (64 letters and digits, never in the
 * repository), that its cookie and CSRF keys are derived from. It is no credential for another
 * service, so it has no rotation Lambda.
 */
export function webSecret(scope: Construct, id: string, props: WebSecretProps): secretsmanager.Secret {
  const secret = new secretsmanager.Secret(scope, id, {
    description: props.description,
    encryptionKey: props.encryptionKey,
    generateSecretString: { passwordLength: 64, excludePunctuation: true },
    removalPolicy: props.removalPolicy,
  });
  Validations.of(secret).acknowledge({
    id: 'AwsSolutions-SMG4',
    reason: `The secret is no credential for another service: it only seeds cookie and CSRF keys. ${props.rotation}`,
  });
  return secret;
}
