import { join } from 'node:path';

/** Where local services cache their downloads across test runs (gitignored). */
export function localCacheDir(): string {
  return join(import.meta.dirname, '..', '..', '.caveat-data', 'cache');
}
