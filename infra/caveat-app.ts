import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type CaveatConfig, loadConfig } from './config.ts';
import { CaveatStack } from './stacks/caveat-stack.ts';

/** Options of {@link createCaveatApp}. */
export interface CaveatAppOptions extends AppProps {
  /**
   * Run cdk-nag AwsSolutions over the app; any unacknowledged finding fails synthesis.
   * @default true
   */
  readonly nag?: boolean;
}

/** The app, its one stack and the configuration it was built from. */
export interface CaveatApp {
  readonly app: App;
  readonly stack: CaveatStack;
  readonly config: CaveatConfig;
}

/**
 * Builds the CDK app from the `caveat` / `caveatConfig` context. The account comes from the
 * config or CDK_DEFAULT_ACCOUNT; without either the stack is account-agnostic, so
 * `cdk synth` needs no credentials.
 */
export function createCaveatApp(options: CaveatAppOptions = {}): CaveatApp {
  const { nag = true, ...appProps } = options;
  const app = new App(appProps);
  const config = loadConfig(app.node);
  const account = config.account ?? process.env.CDK_DEFAULT_ACCOUNT;
  const stack = new CaveatStack(app, config.stackName, {
    config,
    env: { region: config.region, ...(account ? { account } : {}) },
    description: 'Caveat: SES receiving, raw-mail bucket, queue, tables and keys for shared mailboxes',
  });
  Tags.of(app).add('project', 'caveat');
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config };
}
