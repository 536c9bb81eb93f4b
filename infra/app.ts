/** CDK entry point (`cdk.json` → `node infra/app.ts`). */

import { createCaveatApp } from './caveat-app.ts';
import { ConfigError } from './config.ts';

try {
  createCaveatApp().app.synth();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
