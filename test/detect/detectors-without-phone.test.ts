import { describe, expect, it } from 'vitest';
import { DETECTORS_WITHOUT_PHONE } from '../../shared/detect/detectors-without-phone.ts';
import { DETECTORS } from '../../shared/detect/registry.ts';

describe('DETECTORS_WITHOUT_PHONE', () => {
  it('is the registry’s list, in its order, without the phone-number detector', () => {
    expect(DETECTORS_WITHOUT_PHONE).toEqual(DETECTORS.filter((d) => d.type !== 'PHONE_NUMBER'));
    expect(DETECTORS_WITHOUT_PHONE).toHaveLength(DETECTORS.length - 1);
  });
});
