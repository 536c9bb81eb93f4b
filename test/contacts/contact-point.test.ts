import { describe, expect, it } from 'vitest';
import {
  isUkMobile,
  normaliseCitizenReference,
  normaliseEmail,
  normaliseUkMobile,
} from '../../shared/contacts/contact-point.ts';

describe('Contact points', () => {
  it.each([
    [' Jo.Bloggs@Example-Mail.CO.UK ', 'jo.bloggs@example-mail.co.uk'],
    ['rhys+claims@example.org', 'rhys+claims@example.org'],
  ])('normalises the email %s', (raw, value) => {
    expect(normaliseEmail(raw)).toEqual({ ok: true, value });
  });

  it.each([
    'jo.bloggs@',
    'jo bloggs@example.com',
    'jo@example',
    '@example.com',
    `${'a'.repeat(250)}@example.com`,
  ])('refuses the malformed email %s', (raw) => {
    expect(normaliseEmail(raw)).toEqual({ ok: false, problem: 'email-malformed' });
  });

  it.each([
    ['07400 123456', '+447400123456'],
    ['+44 7400 123456', '+447400123456'],
    ['0044 7400 123456', '+447400123456'],
    ['(07400) 123-456', '+447400123456'],
  ])('normalises the UK mobile %s to E.164', (raw, value) => {
    expect(normaliseUkMobile(raw)).toEqual({ ok: true, value });
  });

  it.each([
    ['a London landline', '020 7946 0123'],
    ['a personal number', '070 1234 5678'],
    ['a French mobile', '+33 6 12 34 56 78'],
  ])('refuses %s as a mobile (DWP SMS Text Policy 10.2)', (_case, raw) => {
    expect(normaliseUkMobile(raw)).toEqual({ ok: false, problem: 'mobile-not-uk-mobile' });
    expect(isUkMobile(raw)).toBe(false);
  });

  it.each(['07400 12345', 'not a number', '0'.repeat(30)])('refuses the malformed number %s', (raw) => {
    expect(normaliseUkMobile(raw)).toEqual({ ok: false, problem: 'mobile-malformed' });
  });

  it('upper-cases citizen references and refuses what cannot be a key', () => {
    expect(normaliseCitizenReference(' cr-000418 ')).toEqual({ ok: true, value: 'CR-000418' });
    for (const bad of ['', 'CR 000418', 'CR#1', '-CR', 'C'.repeat(41)])
      expect(normaliseCitizenReference(bad)).toEqual({ ok: false, problem: 'reference-malformed' });
  });
});
