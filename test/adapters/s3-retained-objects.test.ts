import { DeleteObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { S3RetainedObjects } from '../../shared/adapters/s3-retained-objects.ts';

const s3 = mockClient(S3Client);
const objects = () => new S3RetainedObjects(new S3Client({ region: 'eu-west-2' }), 'caveat-mail');

beforeEach(() => s3.reset());

describe('S3RetainedObjects', () => {
  it('lists a prefix page by page, with each key’s last-modified time', async () => {
    const at = new Date('2026-10-01T10:00:00.000Z');
    s3.on(ListObjectsV2Command)
      .resolvesOnce({
        Contents: [
          { Key: 'inbound/uc@x.gov.uk/a', LastModified: at },
          { Key: 'inbound/uc@x.gov.uk/no-time' },
        ],
        IsTruncated: true,
        NextContinuationToken: 'next',
      })
      .resolvesOnce({ Contents: [{ Key: 'inbound/uc@x.gov.uk/b', LastModified: at }], IsTruncated: false });
    const pages = [];
    for await (const page of objects().list('inbound/')) pages.push(page);
    expect(pages).toEqual([
      [{ key: 'inbound/uc@x.gov.uk/a', lastModified: at }],
      [{ key: 'inbound/uc@x.gov.uk/b', lastModified: at }],
    ]);
    const inputs = s3.commandCalls(ListObjectsV2Command).map((call) => call.args[0].input);
    expect(inputs).toHaveLength(2);
    for (const input of inputs) expect(input).toMatchObject({ Bucket: 'caveat-mail', Prefix: 'inbound/' });
    expect(inputs[1]?.ContinuationToken).toBe('next');
  });

  it('deletes the current version only (no version id: a delete marker)', async () => {
    s3.on(DeleteObjectCommand).resolves({ DeleteMarker: true });
    await objects().remove('quarantine/uc@x.gov.uk/a');
    expect(s3.commandCalls(DeleteObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: 'caveat-mail',
      Key: 'quarantine/uc@x.gov.uk/a',
    });
  });

  it('passes S3 errors on', async () => {
    s3.on(DeleteObjectCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(objects().remove('inbound/uc@x.gov.uk/a')).rejects.toThrow('denied');
  });
});
