/**
 * Loads zod's English messages. Every module that defines a schema imports this and
 * `import * as z from 'zod/mini'`: the tree-shakeable build weighs about 19 KB in a bundle against
 * classic zod's 85 KB, but loads no locale of its own, so without this its messages would all read
 * "Invalid input". (Importing zod through a module that re-exports it would defeat the
 * tree-shaking: the bundle would carry all of zod and every locale.)
 */
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());
