import { randomBytes } from 'node:crypto';
import type { TokenSource } from '../pipeline/ports.ts';

/** 256 bits from the operating system's CSPRNG, base64url: unguessable and safe in a URL. */
export const randomTokens: TokenSource = { next: () => randomBytes(32).toString('base64url') };
