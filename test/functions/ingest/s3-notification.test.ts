import { describe, expect, it } from 'vitest';
import { createdObjects, NotificationFormatError } from '../../../functions/ingest/s3-notification.ts';

const record = (key: string, eventName = 'ObjectCreated:Put') => ({
  eventName,
  s3: { bucket: { name: 'b' }, object: { key, size: 42 } },
});

describe('createdObjects', () => {
  it('decodes keys as S3 encodes them (spaces as +, others percent-encoded)', () => {
    const body = JSON.stringify({ Records: [record('inbound/uc%40x.gov.uk/a+b%2Bc')] });
    expect(createdObjects(body)).toEqual([{ bucket: 'b', key: 'inbound/uc@x.gov.uk/a b+c', size: 42 }]);
  });

  it('returns nothing for the test event and ignores other event types', () => {
    expect(createdObjects(JSON.stringify({ Event: 's3:TestEvent' }))).toEqual([]);
    expect(createdObjects(JSON.stringify({ Records: [record('k', 'ObjectRemoved:Delete')] }))).toEqual([]);
  });

  it.each([
    ['not JSON', 'nope'],
    ['no Records', '{}'],
    [
      'a record without a key',
      JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put', s3: { bucket: { name: 'b' } } }] }),
    ],
  ])('rejects %s', (_label, body) => {
    expect(() => createdObjects(body)).toThrow(NotificationFormatError);
  });
});
