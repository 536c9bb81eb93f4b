import { describe, expect, it } from 'vitest';
import { countFields, readHeaderSection } from '../../shared/mail/header-section.ts';

const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readHeaderSection', () => {
  it('unfolds fields and finds the body', () => {
    const raw = bytes('Subject: one\r\n  two\r\nFrom: a@example.org\r\n\r\nbody');
    const section = readHeaderSection(raw);
    expect(section.fields).toEqual([
      { name: 'Subject', key: 'subject', value: 'one  two' },
      { name: 'From', key: 'from', value: 'a@example.org' },
    ]);
    expect(section.terminated).toBe(true);
    expect(new TextDecoder().decode(raw.subarray(section.bodyOffset))).toBe('body');
  });

  it.each([
    ['From: a\r\nFrom: b\r\n\r\n', 2],
    ['FROM: a\r\nfrom : b\r\nfrom: c\r\n\r\n', 3],
    ['To: a\r\n\r\nFrom: not a header\r\n', 0],
  ])('counts From fields in %j', (raw, count) => {
    expect(countFields(readHeaderSection(bytes(raw)), 'From')).toBe(count);
  });

  it('finds no header section when the first line is not a field', () => {
    expect(readHeaderSection(bytes('Dear team,\r\nhello\r\n')).fields).toEqual([]);
  });

  it('counts malformed lines and keeps reading', () => {
    const section = readHeaderSection(bytes('Subject: x\r\nnot a field\r\nTo: y\r\n\r\n'));
    expect(section.malformedLines).toBe(1);
    expect(section.fields.map((f) => f.key)).toEqual(['subject', 'to']);
  });

  it('stops at the byte cap', () => {
    const section = readHeaderSection(bytes(`Subject: ${'x'.repeat(100)}\r\nTo: y\r\n\r\n`), 50);
    expect(section.exceeded).toBe(true);
  });
});
