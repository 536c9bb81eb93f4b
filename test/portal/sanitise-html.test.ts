import { describe, expect, it } from 'vitest';
import { MAX_HTML_CHARS, sanitiseHtml } from '../../shared/portal/sanitise-html.ts';

describe('HTML body sanitiser', () => {
  it.each([
    ['script', '<script>alert(1)</script><p>ok</p>', /script|alert/],
    [
      'style sheet and style attribute',
      '<style>body{}</style><p style="background:url(https://x)">ok</p>',
      /style|url\(/,
    ],
    ['remote image', '<img src="https://tracker.example/p.gif">', /<img|tracker/],
    ['frame and object', '<iframe src="https://x"></iframe><object data="x"></object>', /iframe|object/],
    ['form', '<form action="https://x"><input name="p"></form>', /form|input/],
    ['event handler', '<p onmouseover="x()">ok</p>', /onmouseover/],
    [
      'javascript: and data: links',
      '<a href="javascript:x()">a</a><a href="data:text/html,x">b</a>',
      /javascript|data:/,
    ],
    ['svg', '<svg><script>x()</script></svg>', /svg|script/],
    ['base', '<base href="https://x/">', /base/],
  ])('drops %s', (_name, html, forbidden) => {
    expect(sanitiseHtml(html)).not.toMatch(forbidden);
  });

  it('keeps text formatting, lists, tables and https links, opening outside the frame', () => {
    const out = sanitiseHtml(
      '<h2>T</h2><ul><li><em>x</em></li></ul><table><tr><td>1</td></tr></table><a href="https://gov.uk">g</a>',
    );
    expect(out).toContain('<h2>T</h2><ul><li><em>x</em></li></ul><table><tr><td>1</td></tr></table>');
    expect(out).toContain(
      '<a href="https://gov.uk" target="_blank" rel="noopener noreferrer nofollow">g</a>',
    );
  });

  it('masks card numbers in text and caps the input size', () => {
    expect(sanitiseHtml('<p>4929 4205 7359 5063</p>')).not.toContain('4929 4205 7359');
    expect(sanitiseHtml(`<p>${'a'.repeat(MAX_HTML_CHARS + 100)}</p>`).length).toBe(
      MAX_HTML_CHARS + '</p>'.length,
    );
  });
});
