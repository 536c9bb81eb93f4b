import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type S3Server, startS3Server } from '../../local/s3-server.ts';

describe('local S3 server', () => {
  let s3: S3Server;
  let client: S3Client;
  const dir = mkdtempSync(join(tmpdir(), 'caveat-s3-'));
  const events: string[] = [];

  beforeAll(async () => {
    s3 = await startS3Server({ directory: dir, buckets: ['mail'] });
    s3.onObjectCreated((body) => events.push(body));
    client = new S3Client({
      endpoint: s3.endpoint,
      region: 'eu-west-2',
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
  });
  afterAll(async () => {
    client?.destroy();
    await s3?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores, copies and deletes objects with keys holding @, and announces each creation', async () => {
    const Key = 'inbound/uc@caveat.example.gov.uk/m1';
    await client.send(
      new PutObjectCommand({ Bucket: 'mail', Key, Body: new TextEncoder().encode('raw mime') }),
    );
    const head = await client.send(new HeadObjectCommand({ Bucket: 'mail', Key }));
    expect(head.ContentLength).toBe(8);
    await client.send(
      new CopyObjectCommand({
        Bucket: 'mail',
        Key: 'quarantine/uc@caveat.example.gov.uk/m1',
        CopySource: encodeURI(`mail/${Key}`),
      }),
    );
    await client.send(new DeleteObjectCommand({ Bucket: 'mail', Key }));
    await expect(client.send(new HeadObjectCommand({ Bucket: 'mail', Key }))).rejects.toMatchObject({
      name: 'NotFound',
    });
    const copy = await client.send(
      new GetObjectCommand({ Bucket: 'mail', Key: 'quarantine/uc@caveat.example.gov.uk/m1' }),
    );
    expect(await copy.Body?.transformToString()).toBe('raw mime');

    const created = events.map((body) => JSON.parse(body).Records[0]);
    expect(
      created.map((r: { eventName: string; s3: { object: { key: string } } }) => [
        r.eventName,
        decodeURIComponent(r.s3.object.key),
      ]),
    ).toEqual([
      ['ObjectCreated:Put', Key],
      ['ObjectCreated:Copy', 'quarantine/uc@caveat.example.gov.uk/m1'],
    ]);
  });

  it('comes back on the same port with its objects after being killed, still announcing', async () => {
    const Key = 'inbound/uc@caveat.example.gov.uk/m2';
    await client.send(new PutObjectCommand({ Bucket: 'mail', Key, Body: new TextEncoder().encode('kept') }));
    await s3.kill();
    await expect(client.send(new HeadObjectCommand({ Bucket: 'mail', Key }))).rejects.toThrow();
    await s3.restart();
    const kept = await client.send(new GetObjectCommand({ Bucket: 'mail', Key }));
    expect(await kept.Body?.transformToString()).toBe('kept');
    const before = events.length;
    await client.send(new PutObjectCommand({ Bucket: 'mail', Key: `${Key}-after`, Body: 'x' }));
    expect(events).toHaveLength(before + 1);
  });
});
