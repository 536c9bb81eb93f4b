/**
 * Reads the S3 event notification carried in one SQS message body. S3 URL-encodes object keys
 * (spaces as `+`) and sends an `s3:TestEvent` when the notification is first configured.
 */

export interface CreatedObject {
  readonly bucket: string;
  readonly key: string;
  readonly size?: number;
}

/** The body is not an S3 event notification. */
export class NotificationFormatError extends Error {
  override readonly name = 'NotificationFormatError';
}

interface S3EventRecordShape {
  readonly eventName?: unknown;
  readonly s3?: {
    readonly bucket?: { readonly name?: unknown };
    readonly object?: { readonly key?: unknown; readonly size?: unknown };
  };
}

/** The objects an SQS message body announces; empty for a test event. */
export function createdObjects(body: string): CreatedObject[] {
  let event: { Event?: unknown; Records?: unknown };
  try {
    event = JSON.parse(body) as typeof event;
  } catch {
    throw new NotificationFormatError('SQS message body is not JSON');
  }
  if (event.Event === 's3:TestEvent') return [];
  if (!Array.isArray(event.Records)) throw new NotificationFormatError('SQS message body has no S3 Records');
  return (event.Records as S3EventRecordShape[])
    .filter((record) => typeof record.eventName === 'string' && record.eventName.startsWith('ObjectCreated:'))
    .map((record) => {
      const bucket = record.s3?.bucket?.name;
      const key = record.s3?.object?.key;
      const size = record.s3?.object?.size;
      if (typeof bucket !== 'string' || typeof key !== 'string') {
        throw new NotificationFormatError('S3 record without bucket name or object key');
      }
      return {
        bucket,
        key: decodeURIComponent(key.replace(/\+/g, ' ')),
        ...(typeof size === 'number' ? { size } : {}),
      };
    });
}
