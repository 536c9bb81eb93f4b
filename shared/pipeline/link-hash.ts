import { createHash } from 'node:crypto';

/**
 * What the tables keep of a link's token (portal and confirmation links alike): its SHA-256, hex.
 * A leaked table gives no working link; the token itself is never stored.
 */
export function linkHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
