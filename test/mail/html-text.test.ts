import { describe, expect, it } from 'vitest';
import { htmlToText } from '../../shared/mail/html-text.ts';

describe('htmlToText', () => {
  it.each([
    ['<p>A &amp; B &lt;C&gt;</p>', 'A & B <C>'],
    ['<style>.x{}</style><p>kept</p><script>var dropped = 1;</script>', 'kept'],
    ['<a href="https://example.org/track">Read more</a>', 'Read more'],
    ['<p>&#163;10 &euro;5</p>', '£10 €5'],
  ])('converts %j', (html, text) => {
    expect(htmlToText(html, 1000).text).toBe(text);
  });

  it('caps the text and says so', () => {
    expect(htmlToText(`<p>${'x'.repeat(50)}</p>`, 10)).toEqual({ text: 'x'.repeat(10), truncated: true });
  });
});
