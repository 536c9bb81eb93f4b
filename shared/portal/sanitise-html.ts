/**
 * The HTML body of a message, made safe to show: `sanitize-html` keeps text formatting, lists,
 * tables and links, and drops scripts, styles, forms, frames, event handlers and every remote
 * resource (no images load: a tracking pixel would tell the sender the message was read).
 * Links keep their text but open nothing on the portal's origin. Card numbers are masked in
 * every text node. The result is further confined to a sandboxed frame under the page's CSP.
 */
import sanitizeHtml from 'sanitize-html';
import { maskCardNumbers } from './mask-cards.ts';

/** Bodies beyond this are cut before sanitising; the text body is still shown whole. */
export const MAX_HTML_CHARS = 2_000_000;

const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'div',
    'span',
    'b',
    'strong',
    'i',
    'em',
    'u',
    's',
    'small',
    'sub',
    'sup',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'blockquote',
    'pre',
    'code',
    'hr',
    'ul',
    'ol',
    'li',
    'dl',
    'dt',
    'dd',
    'table',
    'thead',
    'tbody',
    'tfoot',
    'tr',
    'th',
    'td',
    'caption',
    'a',
  ],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    td: ['colspan', 'rowspan'],
    th: ['colspan', 'rowspan', 'scope'],
  },
  allowedSchemes: ['https', 'http', 'mailto'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Links open outside the frame and tell the target nothing.
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { target: '_blank', rel: 'noopener noreferrer nofollow' }),
  },
  textFilter: (text) => maskCardNumbers(text),
};

export function sanitiseHtml(html: string): string {
  return sanitizeHtml(html.slice(0, MAX_HTML_CHARS), OPTIONS);
}
