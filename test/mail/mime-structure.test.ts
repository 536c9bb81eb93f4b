import { describe, expect, it } from 'vitest';
import { DEFAULT_MAIL_LIMITS } from '../../shared/mail/limits.ts';
import { scanMimeStructure } from '../../shared/mail/mime-structure.ts';

const scan = (s: string, limits = DEFAULT_MAIL_LIMITS) =>
  scanMimeStructure(new TextEncoder().encode(s), limits);

describe('scanMimeStructure', () => {
  it('counts parts and depth of a nested multipart', () => {
    const raw = [
      'Content-Type: multipart/mixed; boundary=o',
      '',
      '--o',
      'Content-Type: multipart/alternative; boundary="i"',
      '',
      '--i',
      'Content-Type: text/plain; charset=ISO-8859-1',
      '',
      'x',
      '--i--',
      '--o--',
      '',
    ].join('\r\n');
    const result = scan(raw);
    expect(result).toMatchObject({ parts: 3, depth: 2, problems: [] });
    expect([...result.charsets]).toEqual(['iso-8859-1']);
  });

  it('stops at the part cap', () => {
    const raw = `Content-Type: multipart/mixed; boundary=b\r\n\r\n${'--b\r\n\r\nx\r\n'.repeat(10)}--b--\r\n`;
    expect(scan(raw, { ...DEFAULT_MAIL_LIMITS, maxParts: 5 }).unreadable?.reason).toBe('TOO_MANY_PARTS');
  });

  it('counts message/rfc822 bodies as a level', () => {
    const raw =
      'Content-Type: message/rfc822\r\n\r\nContent-Type: message/rfc822\r\n\r\nSubject: x\r\n\r\nbody';
    expect(scan(raw, { ...DEFAULT_MAIL_LIMITS, maxDepth: 1 }).unreadable).toEqual({
      reason: 'TOO_DEEP',
      detail: 'MIME nesting depth 2 exceeds limit 1',
    });
  });

  it('reports a boundary that never occurs and an unclosed multipart', () => {
    expect(scan('Content-Type: multipart/mixed; boundary=zz\r\n\r\nno parts\r\n').problems).toEqual([
      {
        code: 'MISSING_BOUNDARY',
        detail: 'multipart/mixed at depth 0 declares a boundary that never occurs',
      },
    ]);
    expect(scan('Content-Type: multipart/mixed; boundary=zz\r\n\r\n--zz\r\n\r\ntext\r\n').problems).toEqual([
      {
        code: 'TRUNCATED_NESTING',
        detail: 'multipart/mixed at depth 0 has no closing boundary: the message ends inside it',
      },
    ]);
  });

  it('collects encoded-word charsets', () => {
    expect([...scan('Subject: =?KOI8-R?B?8NLJ?=\r\n\r\nx').charsets]).toEqual(['koi8-r']);
  });
});
