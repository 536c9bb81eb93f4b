/**
 * Lambda entry point. Settings are read and every client built once per execution environment
 * (at cold start); a wrong setting fails the start with a message naming the variable.
 */
import { readSettings } from './settings.ts';
import { wireIngest } from './wiring.ts';

export const handler = await wireIngest(readSettings(process.env), { packDir: import.meta.dirname });
