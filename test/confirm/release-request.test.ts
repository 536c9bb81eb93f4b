import { describe, expect, it } from 'vitest';
import {
  holdKeyOf,
  isReleaseRequest,
  ReleaseRequestFormatError,
  releaseRequestBody,
} from '../../shared/confirm/release-request.ts';

const HOLD_KEY = 'universal.credit@caveat.example.gov.uk/0100019a-abc.def_1';

describe('Release requests on the ingest queue', () => {
  it('carry the hold key and nothing else, and read back', () => {
    const body = releaseRequestBody(HOLD_KEY);
    expect(JSON.parse(body)).toEqual({ kind: 'caveat.release-hold', holdKey: HOLD_KEY });
    expect(isReleaseRequest(body)).toBe(true);
    expect(holdKeyOf(body)).toBe(HOLD_KEY);
  });

  it.each([
    JSON.stringify({ Records: [{ eventName: 'ObjectCreated:Put' }] }),
    JSON.stringify({ Event: 's3:TestEvent' }),
    'not json',
    'null',
    '"caveat.release-hold"',
  ])('are told apart from S3 notifications and junk: %s', (body) => {
    expect(isReleaseRequest(body)).toBe(false);
  });

  it.each(['', 'no-mailbox/m-1', `${HOLD_KEY}/extra`, 'a@b/m 1', `a@b/${'x'.repeat(201)}`])(
    'refuse a hold key the pipeline never writes: %j',
    (holdKey) => {
      expect(() => releaseRequestBody(holdKey)).toThrow(ReleaseRequestFormatError);
      const forged = JSON.stringify({ kind: 'caveat.release-hold', holdKey });
      expect(isReleaseRequest(forged)).toBe(true);
      expect(() => holdKeyOf(forged)).toThrow(ReleaseRequestFormatError);
    },
  );
});
