import { compile } from 'html-to-text';

/**
 * HTML larger than this is cut before conversion: the converter builds a DOM, and text beyond
 * the caller's character cap would be thrown away anyway.
 */
const MAX_HTML_INPUT_FACTOR = 8;

const convert = compile({
  wordwrap: false,
  selectors: [
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'noscript', format: 'skip' },
    { selector: 'template', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'a', options: { ignoreHref: true } },
  ],
});

/** HTML to readable text: tags stripped, entities decoded, script and style content dropped. */
export function htmlToText(html: string, maxChars: number): { text: string; truncated: boolean } {
  const input =
    html.length > maxChars * MAX_HTML_INPUT_FACTOR ? html.slice(0, maxChars * MAX_HTML_INPUT_FACTOR) : html;
  const text = convert(input).trim();
  return text.length > maxChars
    ? { text: text.slice(0, maxChars), truncated: true }
    : { text, truncated: input.length < html.length };
}
