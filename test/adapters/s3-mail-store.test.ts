import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { copySource, MailStoreError, S3MailStore } from '../../shared/adapters/s3-mail-store.ts';

const BUCKET = 'caveat-mail-123456789012-eu-west-2';
const KEY = 'inbound/universal.credit@caveat.example.gov.uk/0100018f2b3c4d5e-abc';
const s3 = mockClient(S3Client);
const store = (kmsKeyId?: string) =>
  new S3MailStore(new S3Client({ region: 'eu-west-2' }), BUCKET, kmsKeyId ? { kmsKeyId } : {});

const s3Error = (name: string, httpStatusCode: number) =>
  new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode }, message: name });

/** A GetObject body as the SDK returns it, reduced to the one method the store calls. */
const body = (bytes: Uint8Array) =>
  ({ transformToByteArray: async () => bytes }) as unknown as GetObjectCommandOutput['Body'];

beforeEach(() => s3.reset());

describe('S3MailStore', () => {
  describe('size', () => {
    it('asks HeadObject for the object and returns its content length', async () => {
      s3.on(HeadObjectCommand).resolves({ ContentLength: 2048 });
      expect(await store().size(KEY)).toBe(2048);
      expect(s3.commandCalls(HeadObjectCommand).map((c) => c.args[0].input)).toEqual([
        { Bucket: BUCKET, Key: KEY },
      ]);
    });

    it('returns undefined when the object is gone (NotFound)', async () => {
      s3.on(HeadObjectCommand).rejects(
        new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } }),
      );
      expect(await store().size(KEY)).toBeUndefined();
    });

    it('returns undefined for any 404, whatever an S3-compatible server names it', async () => {
      s3.on(HeadObjectCommand).rejects(s3Error('UnknownError', 404));
      expect(await store().size(KEY)).toBeUndefined();
    });

    it('lets other errors through, such as a 403 without list permission', async () => {
      s3.on(HeadObjectCommand).rejects(s3Error('Forbidden', 403));
      await expect(store().size(KEY)).rejects.toMatchObject({ name: 'Forbidden' });
    });

    it('fails when S3 reports no size', async () => {
      s3.on(HeadObjectCommand).resolves({});
      await expect(store().size(KEY)).rejects.toBeInstanceOf(MailStoreError);
    });
  });

  describe('read', () => {
    it('returns the object body as bytes', async () => {
      const bytes = new TextEncoder().encode('From: a@example.org\r\n\r\nhello');
      s3.on(GetObjectCommand, { Bucket: BUCKET, Key: KEY }).resolves({ Body: body(bytes) });
      expect(await store().read(KEY)).toEqual(bytes);
    });

    it('fails on a response without a body', async () => {
      s3.on(GetObjectCommand).resolves({});
      await expect(store().read(KEY)).rejects.toThrow(new MailStoreError('GetObject returned no body'));
    });

    it('lets NoSuchKey through: reading a missing object is an error', async () => {
      s3.on(GetObjectCommand).rejects(s3Error('NoSuchKey', 404));
      await expect(store().read(KEY)).rejects.toMatchObject({ name: 'NoSuchKey' });
    });
  });

  describe('put', () => {
    it('writes the body with its content type and leaves encryption to the bucket default', async () => {
      s3.on(PutObjectCommand).resolves({});
      const bytes = new Uint8Array([1, 2, 3]);
      await store().put('ciphertext/a@b.gov.uk/m1', bytes, 'application/octet-stream');
      expect(s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input)).toEqual([
        {
          Bucket: BUCKET,
          Key: 'ciphertext/a@b.gov.uk/m1',
          Body: bytes,
          ContentType: 'application/octet-stream',
        },
      ]);
    });

    it('names the KMS key when one is configured', async () => {
      s3.on(PutObjectCommand).resolves({});
      await store('arn:aws:kms:eu-west-2:123456789012:key/k').put('k', new Uint8Array(), 'message/rfc822');
      expect(s3.commandCalls(PutObjectCommand)[0]?.args[0].input).toMatchObject({
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'arn:aws:kms:eu-west-2:123456789012:key/k',
        BucketKeyEnabled: true,
      });
    });

    it('lets errors through', async () => {
      s3.on(PutObjectCommand).rejects(s3Error('AccessDenied', 403));
      await expect(store().put('k', new Uint8Array(), 'message/rfc822')).rejects.toMatchObject({
        name: 'AccessDenied',
      });
    });
  });

  describe('move', () => {
    const target = 'quarantine/universal.credit@caveat.example.gov.uk/0100018f2b3c4d5e-abc';

    it('copies with a URL-encoded source, then deletes the original', async () => {
      s3.on(CopyObjectCommand).resolves({});
      s3.on(DeleteObjectCommand).resolves({});
      await store().move(KEY, target);
      expect(s3.calls().map((c) => [c.args[0].constructor.name, c.args[0].input])).toEqual([
        [
          'CopyObjectCommand',
          {
            Bucket: BUCKET,
            Key: target,
            CopySource: `${BUCKET}/${KEY}`,
          },
        ],
        ['DeleteObjectCommand', { Bucket: BUCKET, Key: KEY }],
      ]);
    });

    it('keeps the original when the copy fails', async () => {
      s3.on(CopyObjectCommand).rejects(s3Error('InternalError', 500));
      await expect(store().move(KEY, target)).rejects.toMatchObject({ name: 'InternalError' });
      expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    });

    it('names the KMS key on the copy when one is configured', async () => {
      s3.on(CopyObjectCommand).resolves({});
      s3.on(DeleteObjectCommand).resolves({});
      await store('alias/caveat/data').move(KEY, target);
      expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
        ServerSideEncryption: 'aws:kms',
        SSEKMSKeyId: 'alias/caveat/data',
      });
    });
  });

  it('removes with DeleteObject', async () => {
    s3.on(DeleteObjectCommand).resolves({});
    await store().remove(KEY);
    expect(s3.commandCalls(DeleteObjectCommand).map((c) => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: KEY },
    ]);
  });

  it('percent-encodes a copy source segment but for the at sign, which a path may hold', () => {
    expect(copySource('b', 'inbound/o+brien@x.gov.uk/id with space?#%')).toBe(
      'b/inbound/o%2Bbrien@x.gov.uk/id%20with%20space%3F%23%25',
    );
  });
});
