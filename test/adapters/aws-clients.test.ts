import { describe, expect, it } from 'vitest';
import {
  dynamoDbClient,
  kmsClientConfig,
  lambdaClient,
  s3Client,
  sesClient,
} from '../../shared/adapters/aws-clients.ts';

const LOCAL = {
  region: 'eu-west-2',
  endpoint: 'http://127.0.0.1:4566',
  endpoints: { s3: 'http://127.0.0.1:4568', dynamodb: 'http://127.0.0.1:8000' },
  s3ForcePathStyle: true,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
};

/** The endpoint a client resolved, as a URL string. */
async function endpointOf(config: { endpoint?: unknown }): Promise<string | undefined> {
  if (typeof config.endpoint !== 'function') return undefined;
  const endpoint = (await config.endpoint()) as {
    protocol: string;
    hostname: string;
    port?: number;
    path: string;
  };
  return `${endpoint.protocol}//${endpoint.hostname}${endpoint.port ? `:${endpoint.port}` : ''}${endpoint.path}`;
}

describe('AWS clients', () => {
  it('reach each local service at its own endpoint, else the shared one', async () => {
    expect(await endpointOf(s3Client(LOCAL).config)).toBe('http://127.0.0.1:4568/');
    expect(await endpointOf(dynamoDbClient(LOCAL).config)).toBe('http://127.0.0.1:8000/');
    expect(await endpointOf(sesClient(LOCAL).config)).toBe('http://127.0.0.1:4566/');
    expect(await endpointOf(lambdaClient(LOCAL).config)).toBe('http://127.0.0.1:4566/');
    expect(kmsClientConfig(LOCAL)).toEqual({
      region: 'eu-west-2',
      endpoint: 'http://127.0.0.1:4566',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  });

  it('use path-style S3 addressing when asked, and static credentials', async () => {
    const s3 = s3Client(LOCAL);
    expect(s3.config.forcePathStyle).toBe(true);
    expect(await s3.config.credentials()).toMatchObject({ accessKeyId: 'local' });
    expect(await s3.config.region()).toBe('eu-west-2');
  });

  it('leave endpoints and credentials to the SDK when none are configured', async () => {
    const s3 = s3Client({ region: 'eu-west-2' });
    expect(s3.config.forcePathStyle).toBe(false);
    expect(s3.config.endpoint).toBeUndefined();
    expect(kmsClientConfig({ region: 'eu-west-2' })).toEqual({ region: 'eu-west-2' });
  });
});
