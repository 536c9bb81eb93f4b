import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveAsset } from '../../shared/web/assets.ts';
import { createViews, installedGovukFrontendDir } from '../../shared/web/views.ts';

const views = createViews({ viewDirs: [join(import.meta.dirname, 'views')] });

describe('GOV.UK layout', () => {
  it('renders a page in the GOV.UK template with the service name and the CSP nonce', () => {
    const page = views('sample.njk', {
      pageTitle: 'Sample',
      serviceName: 'Caveat',
      cspNonce: 'n0nce',
      body: 'hi',
    });
    expect(page).toContain('<title>Sample – Caveat – GOV.UK</title>');
    expect(page).toContain('class="govuk-template');
    expect(page).toContain('govuk-service-navigation');
    expect(page).toContain('nonce="n0nce"');
    expect(page).toContain('href="/assets/govuk-frontend.min.css"');
    expect(page).toContain('id="main-content"');
  });

  it('escapes every value a page shows', () => {
    const page = views('sample.njk', { pageTitle: 'x', serviceName: 'y', body: '<script>alert(1)</script>' });
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('GOV.UK assets', () => {
  const options = { govukFrontendDir: installedGovukFrontendDir() };

  it('serves the stylesheet and fonts from the installed package with their types', async () => {
    const css = await serveAsset(options, '/assets/govuk-frontend.min.css');
    expect(css?.status).toBe(200);
    expect(css?.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(Buffer.from(css!.body).toString('utf8')).toContain('.govuk-template');
    const font = await serveAsset(options, '/assets/fonts/bold-b542beb274-v2.woff2');
    expect(font?.headers['content-type']).toBe('font/woff2');
  });

  it('serves nothing off the list: traversal, other files, other paths', async () => {
    expect(await serveAsset(options, '/assets/../package.json')).toBeUndefined();
    expect(await serveAsset(options, '/assets/govuk-frontend.min.js')).toBeUndefined();
    expect(await serveAsset(options, '/other/govuk-frontend.min.css')).toBeUndefined();
  });
});
