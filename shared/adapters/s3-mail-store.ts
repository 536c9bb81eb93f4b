import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { MailStore } from '../pipeline/ports.ts';

export interface S3MailStoreOptions {
  /**
   * A KMS key for objects this store writes. Default: none, so the bucket's default encryption
   * (SSE-KMS with bucket keys) applies; naming the key again would only duplicate that setting.
   */
  readonly kmsKeyId?: string;
}

/** The object was not what S3 promises (a GetObject without a body, a HeadObject without a size). */
export class MailStoreError extends Error {
  override readonly name = 'MailStoreError';
}

/** The mail bucket on S3 (or an S3-compatible server). Keys are passed as they are, never logged. */
export class S3MailStore implements MailStore {
  readonly #s3: S3Client;
  readonly #bucket: string;
  readonly #encryption: {
    ServerSideEncryption?: 'aws:kms';
    SSEKMSKeyId?: string;
    BucketKeyEnabled?: boolean;
  };

  constructor(s3: S3Client, bucket: string, options: S3MailStoreOptions = {}) {
    this.#s3 = s3;
    this.#bucket = bucket;
    this.#encryption = options.kmsKeyId
      ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: options.kmsKeyId, BucketKeyEnabled: true }
      : {};
  }

  async size(key: string): Promise<number | undefined> {
    try {
      const head = await this.#s3.send(new HeadObjectCommand({ Bucket: this.#bucket, Key: key }));
      if (head.ContentLength === undefined) throw new MailStoreError('HeadObject returned no content length');
      return head.ContentLength;
    } catch (error) {
      // HeadObject has no body, so a missing key is only a 404 (`NotFound`). Without
      // s3:ListBucket S3 answers 403 instead, which rightly stays an error.
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  async read(key: string): Promise<Uint8Array> {
    const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    if (!object.Body) throw new MailStoreError('GetObject returned no body');
    return object.Body.transformToByteArray();
  }

  async put(key: string, body: Uint8Array, contentType: string): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        ...this.#encryption,
      }),
    );
  }

  async move(from: string, to: string): Promise<void> {
    await this.#s3.send(
      new CopyObjectCommand({
        Bucket: this.#bucket,
        Key: to,
        CopySource: copySource(this.#bucket, from),
        ...this.#encryption,
      }),
    );
    await this.remove(from);
  }

  async remove(key: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}

/**
 * `bucket/key`, URL-encoded as CopyObject requires: each segment percent-encoded, '/' kept.
 * '@' (every key holds the shared address) stays literal: RFC 3986 allows it in a path segment,
 * S3 reads it either way, and S3-compatible local servers that decode with `decodeURI` (s3rver)
 * would leave `%40` undecoded and miss the object. '+' must stay encoded: S3 reads a bare '+'
 * in a path as a space.
 */
export function copySource(bucket: string, key: string): string {
  return [bucket, ...key.split('/')]
    .map((segment) => encodeURIComponent(segment).replaceAll('%40', '@'))
    .join('/');
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error.name === 'NotFound' || error.name === 'NoSuchKey') return true;
  const metadata = (error as { $metadata?: { httpStatusCode?: number } }).$metadata;
  return metadata?.httpStatusCode === 404;
}
