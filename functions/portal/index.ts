/**
 * Lambda entry point. Settings are read, the portal secret fetched and every client built once
 * per execution environment; templates and GOV.UK assets sit beside the bundle.
 */
import { join } from 'node:path';
import { Logger } from '@aws-lambda-powertools/logger';
import { createPortalHandler } from './handler.ts';
import { readPortalSettings } from './settings.ts';
import { wirePortal } from './wiring.ts';

const logger = new Logger({ serviceName: 'caveat-portal' });
const dir = import.meta.dirname;
const web = await wirePortal(readPortalSettings(process.env), {
  logger,
  files: {
    govukFrontendDir: join(dir, 'govuk-frontend'),
    portalViewsDir: join(dir, 'views', 'portal'),
    sharedViewsDir: join(dir, 'views', 'shared'),
    portalAssetsDir: join(dir, 'assets'),
  },
});

export const handler = createPortalHandler(web, logger);
