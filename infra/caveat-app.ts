import { App, type AppProps, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type CaveatConfig, domainRecordsOf, loadConfig } from './config.ts';
import { CaveatStack } from './stacks/caveat-stack.ts';
import { CLOUDFRONT_CERTIFICATE_REGION, MtaStsStack } from './stacks/mta-sts-stack.ts';

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
  /** The MTA-STS policy host (us-east-1), when a hosted zone is configured. */
  readonly mtaSts?: MtaStsStack;
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
  let mtaSts: MtaStsStack | undefined;
  const zone = config.domain.hostedZone;
  if (zone) {
    const records = domainRecordsOf(config);
    mtaSts = new MtaStsStack(app, `${config.stackName}-MtaSts`, {
      env: { region: CLOUDFRONT_CERTIFICATE_REGION, ...(account ? { account } : {}) },
      description: `Caveat: MTA-STS policy host for ${config.receivingDomain} (CloudFront certificates live in us-east-1)`,
      host: records.mtaStsHost,
      policy: records.mtaStsPolicy,
      hostedZone: zone,
    });
    // The policy is served before the record announcing it is published.
    stack.addStackDependency(mtaSts, 'the _mta-sts record names a policy this stack serves');
  }
  Tags.of(app).add('project', 'caveat');
  if (nag) Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, config, ...(mtaSts ? { mtaSts } : {}) };
}
