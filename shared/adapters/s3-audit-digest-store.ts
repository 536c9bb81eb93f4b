import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { type ChainDigest, DIGEST_FORMAT } from '../audit/digest.ts';
import type { AuditDigestStore } from '../audit/ports.ts';

/** Key prefix of the digests in the digest bucket. */
export const DIGEST_PREFIX = 'audit-digests/';

/** `audit-digests/<day>/<mailbox>.json`: one object per chain, listed by day. */
export function digestKey(digest: Pick<ChainDigest, 'day' | 'mailbox'>): string {
  return `${DIGEST_PREFIX}${digest.day}/${encodeURIComponent(digest.mailbox)}.json`;
}

/** A digest object that is not one. */
export class DigestFormatError extends Error {
  override readonly name = 'DigestFormatError';
}

/**
 * Digests in an S3 bucket with Object Lock in compliance mode: the bucket's default retention
 * locks each object as it is written, so no one, root included, can change or delete a digest
 * before its retention ends. The SDK sends a checksum with every PutObject, which Object Lock
 * requires. (s3rver, the local stand-in, has no Object Lock: locally digests are only written.)
 */
export class S3AuditDigestStore implements AuditDigestStore {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async put(digest: ChainDigest): Promise<void> {
    await this.#s3.send(
      new PutObjectCommand({
        Bucket: this.#bucket,
        Key: digestKey(digest),
        Body: JSON.stringify(digest),
        ContentType: 'application/json',
      }),
    );
  }

  async list(day: string): Promise<ChainDigest[]> {
    const digests: ChainDigest[] = [];
    let token: string | undefined;
    do {
      const page = await this.#s3.send(
        new ListObjectsV2Command({
          Bucket: this.#bucket,
          Prefix: `${DIGEST_PREFIX}${day}/`,
          ...(token ? { ContinuationToken: token } : {}),
        }),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key) digests.push(await this.#read(object.Key));
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return digests;
  }

  async #read(key: string): Promise<ChainDigest> {
    const object = await this.#s3.send(new GetObjectCommand({ Bucket: this.#bucket, Key: key }));
    const text = (await object.Body?.transformToString('utf8')) ?? '';
    let digest: ChainDigest;
    try {
      digest = JSON.parse(text) as ChainDigest;
    } catch (error) {
      throw new DigestFormatError(`digest ${key} is not JSON`, { cause: error });
    }
    if (digest.format !== DIGEST_FORMAT || !Array.isArray(digest.records)) {
      throw new DigestFormatError(`digest ${key} is not a ${DIGEST_FORMAT} digest`);
    }
    return digest;
  }
}
