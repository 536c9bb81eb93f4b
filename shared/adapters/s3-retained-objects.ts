import { DeleteObjectCommand, paginateListObjectsV2, type S3Client } from '@aws-sdk/client-s3';
import type { ListedObject } from '../retention/plan.ts';
import type { RetainedObjects } from '../retention/ports.ts';

/**
 * The mail bucket for the retention sweep. S3 lists keys in name order, not by age, so a prefix
 * is listed whole (1,000 keys a request) and the sweep picks the old ones. A delete without a
 * version id leaves a delete marker in the versioned bucket: the object is gone for every reader
 * at once, and the noncurrent version it leaves is removed by the bucket's lifecycle rule after
 * `noncurrentVersionDays` (the window in which a mistaken deletion can still be undone).
 */
export class S3RetainedObjects implements RetainedObjects {
  readonly #s3: S3Client;
  readonly #bucket: string;

  constructor(s3: S3Client, bucket: string) {
    this.#s3 = s3;
    this.#bucket = bucket;
  }

  async *list(prefix: string): AsyncIterable<readonly ListedObject[]> {
    for await (const page of paginateListObjectsV2(
      { client: this.#s3 },
      { Bucket: this.#bucket, Prefix: prefix },
    )) {
      yield (page.Contents ?? []).flatMap((object) =>
        object.Key && object.LastModified ? [{ key: object.Key, lastModified: object.LastModified }] : [],
      );
    }
  }

  async remove(key: string): Promise<void> {
    await this.#s3.send(new DeleteObjectCommand({ Bucket: this.#bucket, Key: key }));
  }
}
