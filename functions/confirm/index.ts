/**
 * Lambda entry points of the confirmation function: `handler` serves the confirmation page
 * behind API Gateway; `expire` runs on a schedule. Wired once per execution environment.
 */
import { readConfirmSettings } from './settings.ts';
import { wireConfirmation } from './wiring.ts';

const confirmation = await wireConfirmation(readConfirmSettings(process.env), {
  packDir: import.meta.dirname,
});

export const handler = confirmation.http;
export const expire = confirmation.expire;
