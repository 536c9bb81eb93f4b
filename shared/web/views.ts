/**
 * Page rendering with the GOV.UK Design System: Nunjucks with the `govuk-frontend` templates
 * and macros on the search path, autoescaping on, so every value a page shows is escaped unless
 * a template says otherwise.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';

/** This folder's `views/`: the shared layout every Caveat page extends (`layout.njk`). */
export const SHARED_VIEWS_DIR = join(import.meta.dirname, 'views');

/** The `dist` folder of the installed `govuk-frontend` (templates under `govuk/`). */
export function installedGovukFrontendDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
}

export interface ViewOptions {
  /** Folders holding the caller's own templates, searched first. */
  readonly viewDirs: readonly string[];
  /** The `govuk-frontend` `dist` folder; default the installed package's. */
  readonly govukFrontendDir?: string;
  /** The shared layout's folder; default {@link SHARED_VIEWS_DIR}. */
  readonly sharedViewsDir?: string;
}

export type RenderView = (template: string, context: Record<string, unknown>) => string;

/** A renderer over the caller's views, the shared layout and the GOV.UK templates. */
export function createViews(options: ViewOptions): RenderView {
  const environment = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        ...options.viewDirs,
        options.sharedViewsDir ?? SHARED_VIEWS_DIR,
        options.govukFrontendDir ?? installedGovukFrontendDir(),
      ],
      { noCache: false },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  return (template, context) => environment.render(template, context);
}
