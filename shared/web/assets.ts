/**
 * The GOV.UK Frontend stylesheet, fonts and icons, served by the service itself so pages load
 * nothing from another origin. Only files on this list are served; the rest is a 404.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WebResponse } from './http.ts';
import { baseSecurityHeaders } from './security-headers.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  woff2: 'font/woff2',
  woff: 'font/woff',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/manifest+json',
};

/** URL path under `/assets/` → file under the `govuk-frontend` `dist/govuk` folder. */
function govukFile(name: string): string | undefined {
  if (name === 'govuk-frontend.min.css') return 'govuk-frontend.min.css';
  if (name === 'manifest.json') return 'assets/manifest.json';
  if (/^(fonts|images)\/[a-z0-9-]+\.(woff2?|svg|png|ico)$/.test(name)) return `assets/${name}`;
  return undefined;
}

export interface AssetOptions {
  /** The `govuk-frontend` `dist` folder. */
  readonly govukFrontendDir: string;
  /** The service's own files, by name under `/assets/` (e.g. a page script). */
  readonly ownFiles?: Readonly<Record<string, string>>;
}

/** The asset at `path` (starting `/assets/`), or `undefined` when it is not one. */
export async function serveAsset(options: AssetOptions, path: string): Promise<WebResponse | undefined> {
  if (!path.startsWith('/assets/')) return undefined;
  const name = path.slice('/assets/'.length);
  const own = options.ownFiles?.[name];
  const govuk = govukFile(name);
  const file = own ?? (govuk ? join(options.govukFrontendDir, 'govuk', govuk) : undefined);
  const extension = name.slice(name.lastIndexOf('.') + 1);
  const type = CONTENT_TYPES[extension];
  if (!file || !type) return undefined;
  const body = new Uint8Array(await readFile(file));
  return {
    status: 200,
    // Static files may be cached by the browser: they carry no personal data.
    headers: { ...baseSecurityHeaders(), 'content-type': type, 'cache-control': 'public, max-age=86400' },
    body,
  };
}
