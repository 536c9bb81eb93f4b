/** Lambda entry point: settings read and clients built once per execution environment. */
import { readRetentionSweepSettings } from './settings.ts';
import { wireRetentionSweep } from './wiring.ts';

export const handler = wireRetentionSweep(readRetentionSweepSettings(process.env));
