import { describe, expect, it } from 'vitest';
import {
  ciphertextKey,
  MailKeyError,
  parseInboundKey,
  quarantineKey,
} from '../../shared/pipeline/mail-keys.ts';

describe('parseInboundKey', () => {
  it('reads the shared address and SES message id', () => {
    const key = parseInboundKey('inbound/Universal.Credit@caveat.example.gov.uk/0100018c9a7b3d2e-abc');
    expect(key).toEqual({
      objectKey: 'inbound/Universal.Credit@caveat.example.gov.uk/0100018c9a7b3d2e-abc',
      mailbox: 'universal.credit@caveat.example.gov.uk',
      messageId: '0100018c9a7b3d2e-abc',
    });
  });

  it.each([
    ['outside inbound/', 'quarantine/a@b.gov.uk/id'],
    ['no message id', 'inbound/a@b.gov.uk/'],
    ['no mailbox folder', 'inbound/id'],
    ['mailbox without @', 'inbound/mailbox/id'],
    ['extra folder', 'inbound/a@b.gov.uk/x/id'],
    ['unsafe message id', 'inbound/a@b.gov.uk/..%2f'],
  ])('rejects a key %s', (_label, key) => {
    expect(() => parseInboundKey(key)).toThrow(MailKeyError);
  });

  it('derives the quarantine and ciphertext keys under the same mailbox and id', () => {
    const key = parseInboundKey('inbound/a@b.gov.uk/m1');
    expect(quarantineKey(key)).toBe('quarantine/a@b.gov.uk/m1');
    expect(ciphertextKey(key)).toBe('ciphertext/a@b.gov.uk/m1');
  });
});
