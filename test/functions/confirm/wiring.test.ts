import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { readConfirmSettings } from '../../../functions/confirm/settings.ts';
import { ConfirmationPageUnavailableError, wireConfirmation } from '../../../functions/confirm/wiring.ts';
import { PIPELINE_ENVIRONMENT } from '../pipeline-environment.ts';

const env = {
  ...PIPELINE_ENVIRONMENT,
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
};
const ARN = 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:confirm-AbCdEf';
const secrets = mockClient(SecretsManagerClient);
afterEach(() => secrets.reset());

/** An HTTP API request for a link that is malformed, so no table is read. */
const event = (path: string) =>
  ({
    rawPath: path,
    rawQueryString: '',
    headers: {},
    requestContext: { http: { method: 'GET', path, sourceIp: '192.0.2.1' }, requestId: 'r-1' },
    isBase64Encoded: false,
  }) as unknown as APIGatewayProxyEventV2;

describe('wireConfirmation', () => {
  it('reads the page secret from Secrets Manager once, at start, and serves the page', async () => {
    secrets.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: 'x'.repeat(64) });
    const confirmation = await wireConfirmation(
      readConfirmSettings({ ...env, CAVEAT_CONFIRM_SECRET_ARN: ARN }),
    );
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    const response = await confirmation.http(event('/confirm/not-a-token'));
    expect(response.statusCode).toBe(404);
    expect(String(response.body)).toContain('This link is not valid');
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('stops the start when the secret has no usable value', async () => {
    secrets.on(GetSecretValueCommand).resolves({ SecretString: 'short' });
    await expect(
      wireConfirmation(readConfirmSettings({ ...env, CAVEAT_CONFIRM_SECRET_ARN: ARN })),
    ).rejects.toThrow('has no value of at least 32 characters');
  });

  it('serves no page without a secret, as the expiry sweep is deployed, and reads none', async () => {
    const confirmation = await wireConfirmation(readConfirmSettings(env));
    expect(secrets.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    await expect(confirmation.http(event('/confirm/x'))).rejects.toThrow(ConfirmationPageUnavailableError);
  });
});
