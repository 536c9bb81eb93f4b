/** Shared fixture for infra tests: the demo configuration from cdk.json, and one synthesis per test file. */

import { readFileSync } from 'node:fs';
import { Template } from 'aws-cdk-lib/assertions';
import { type CaveatApp, createCaveatApp } from '../../infra/caveat-app.ts';
import { type CaveatConfigInput, ConfigError } from '../../infra/config.ts';
import type { PipelineProps } from '../../infra/constructs/pipeline-environment.ts';

/** The `caveat` context of cdk.json: the demo configuration `cdk synth` uses. */
export function demoConfig(): CaveatConfigInput {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  return structuredClone(cdkJson.context.caveat) as CaveatConfigInput;
}

/**
 * CDK context that skips asset bundling in every stack (what `cdk synth --exclusively` does for
 * stacks it leaves out): the function's code becomes a placeholder asset, so a synth takes
 * seconds instead of running esbuild. One test in ingest-function.test.ts bundles for real.
 */
export const SKIP_BUNDLING = { 'aws:cdk:bundling-stacks': [] } as const;

/** Synthesizes the whole app once, without bundling; `nag` adds the AwsSolutions plugin. */
export function synthDemo(
  overrides: Partial<CaveatConfigInput> = {},
  nag = false,
): CaveatApp & { template: Template } {
  const built = createCaveatApp({
    context: { ...SKIP_BUNDLING, caveat: { ...demoConfig(), ...overrides } },
    nag,
  });
  return { ...built, template: Template.fromStack(built.stack) };
}

/** The message of the ConfigError `build` throws; anything else (or nothing) fails the test. */
export function configErrorOf(build: () => unknown): string {
  try {
    build();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

type Resources = Record<string, { Type: string; Properties?: Record<string, unknown>; DependsOn?: string[] }>;

/** Logical id of the only resource of `type` whose id starts with `prefix`. */
export function logicalId(template: Template, type: string, prefix: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.startsWith(prefix));
  if (ids.length !== 1)
    throw new Error(`expected one ${type} starting ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0]!;
}

/** Resources of a type, as plain objects. */
export function resources(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

/** A policy statement as synthesized. */
export interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: unknown;
  Condition?: Record<string, Record<string, unknown>>;
}

/** The statements of a KMS key's policy. */
export function keyStatements(template: Template, keyId: string): Statement[] {
  const key = resources(template, 'AWS::KMS::Key')[keyId];
  return ((key?.Properties?.KeyPolicy as { Statement: Statement[] }) ?? { Statement: [] }).Statement;
}

export const actionsOf = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);
export const dataKeyArn = (template: Template) => ({
  'Fn::GetAtt': [logicalId(template, 'AWS::KMS::Key', 'KeysDataKey'), 'Arn'],
});

/** The statements of a policy resource (bucket, queue, topic or IAM policy). */
export function statementsOf(resource: { Properties?: Record<string, unknown> } | undefined): Statement[] {
  return (resource?.Properties?.PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? [];
}

/**
 * The pipeline settings a construct under test is given directly (without a config file): one
 * DWP mailbox, the configuration's defaults for the periods.
 */
export const PIPELINE_SETTINGS = {
  mailboxes: [{ address: 'uc@x.gov.uk', teamMailbox: 't@y.gov.uk', policyPack: 'dwp' }],
  receivingDomain: 'x.gov.uk',
  trustedPartnerDomains: [],
  portalDomain: 'portal.x.gov.uk',
  securityContact: 's@y.gov.uk',
  auditYears: 6,
  holdDays: 28,
  confirmDays: 14,
  portalLinkHours: 72,
} as const satisfies Partial<PipelineProps> & { receivingDomain: string };
