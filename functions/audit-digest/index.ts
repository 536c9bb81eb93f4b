/** Lambda entry point: settings read and clients built once per execution environment. */
import { readDigestSettings } from './settings.ts';
import { wireDigest } from './wiring.ts';

export const handler = wireDigest(readDigestSettings(process.env));
