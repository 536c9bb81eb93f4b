/** Drives the portal's web handler as a browser would: a cookie jar, forms with their CSRF field. */
import { randomUUID } from 'node:crypto';
import type { WebRequest, WebResponse } from '../../../shared/web/http.ts';
import type { WebHandler } from '../../../shared/web/node-http.ts';

export class Browser {
  readonly jar = new Map<string, string>();
  sourceIp = '192.0.2.10';
  readonly #handler: WebHandler;
  constructor(handler: WebHandler) {
    this.#handler = handler;
  }

  async get(path: string): Promise<WebResponse & { text: string }> {
    return this.#send('GET', path, '');
  }

  async post(path: string, fields: Record<string, string>): Promise<WebResponse & { text: string }> {
    return this.#send('POST', path, new URLSearchParams(fields).toString());
  }

  async #send(method: string, target: string, body: string) {
    const url = new URL(target, 'https://portal.test');
    const request: WebRequest = {
      method,
      path: decodeURIComponent(url.pathname),
      query: url.searchParams,
      headers: method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
      cookies: Object.fromEntries(this.jar),
      body,
      sourceIp: this.sourceIp,
      requestId: randomUUID(),
    };
    const response = await this.#handler(request);
    for (const cookie of response.cookies ?? []) {
      const [pair = ''] = cookie.split(';');
      const at = pair.indexOf('=');
      const value = pair.slice(at + 1);
      if (/Max-Age=0/.test(cookie) || value === '') this.jar.delete(pair.slice(0, at));
      else this.jar.set(pair.slice(0, at), value);
    }
    return { ...response, text: typeof response.body === 'string' ? response.body : '' };
  }
}

/** The value of a hidden form field in a page. */
export function field(html: string, name: string): string {
  const match = new RegExp(`name="${name}" value="([^"]*)"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${name} field on the page`);
  return match[1];
}
