/**
 * Lambda entry points of the confirmation function: `handler` serves the confirmation page
 * behind API Gateway; `expire` runs on a schedule. Each is deployed as its own function with its
 * own role; both are wired once per execution environment, templates beside the bundle.
 */
import { join } from 'node:path';
import { readConfirmSettings } from './settings.ts';
import { wireConfirmation } from './wiring.ts';

const dir = import.meta.dirname;
const confirmation = await wireConfirmation(readConfirmSettings(process.env), {
  files: {
    confirmViewsDir: join(dir, 'views', 'confirm'),
    sharedViewsDir: join(dir, 'views', 'shared'),
    govukFrontendDir: join(dir, 'govuk-frontend'),
  },
});

export const handler = confirmation.http;
export const expire = confirmation.expire;
