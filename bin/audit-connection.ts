/**
 * Where the audit commands find the log: the local stack (`--local`, or explicit endpoints), or
 * AWS (profile and region from the usual places, the table and digest bucket named or read from
 * the stack's outputs).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { type AwsClientsConfig, dynamoDbClient, s3Client } from '../shared/adapters/aws-clients.ts';
import type { Clock } from '../shared/pipeline/ports.ts';
import { type CommandIo, UsageError } from './cli-support.ts';

/** The parseArgs options every audit command takes. */
export const CONNECTION_OPTIONS = {
  local: { type: 'boolean' },
  endpoint: { type: 'string' },
  's3-endpoint': { type: 'string' },
  region: { type: 'string' },
  profile: { type: 'string' },
  stack: { type: 'string' },
  table: { type: 'string' },
  'digest-bucket': { type: 'string' },
} as const;

export const CONNECTION_USAGE = '<where>';
/** What `<where>` stands for in the usage lines. */
export const CONNECTION_HELP =
  '<where>: --local (the local stack) | --endpoint URL [--s3-endpoint URL] | --stack NAME [--profile P] [--region R]; --table T and --digest-bucket B name them directly';

export interface ConnectionValues {
  readonly local?: boolean;
  readonly endpoint?: string;
  readonly 's3-endpoint'?: string;
  readonly region?: string;
  readonly profile?: string;
  readonly stack?: string;
  readonly table?: string;
  readonly 'digest-bucket'?: string;
}

export interface AuditConnection {
  readonly dynamodb: DynamoDBClient;
  readonly s3: S3Client;
  readonly table: string;
  /** Whether this is the local stack (`--local` or `--endpoint`). */
  readonly local: boolean;
  /** The stack's outputs, by key, when `--stack` named one (empty otherwise). */
  readonly outputs: ReadonlyMap<string, string>;
  /** The digest bucket; throws a usage error when it could not be found. */
  digestBucket(): string;
  close(): void;
}

/** The local stack's names (local/stack.ts) and credentials its services accept. */
const LOCAL = {
  table: 'caveat-decisions',
  digestBucket: 'caveat-audit-digests',
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
};
/** The stack outputs naming the log (infra/stacks/caveat-stack.ts). */
export const STACK_OUTPUTS = { table: 'DecisionsTableName', digestBucket: 'AuditDigestBucketName' } as const;

/** The port `npm start` uses: its variable, else its default (loaded only for local runs). */
async function localEndpoint(service: 'dynamodb' | 's3', env: NodeJS.ProcessEnv): Promise<string> {
  const { DEFAULT_PORTS, PORT_VARIABLES } = await import('../local/ports.ts');
  return `http://127.0.0.1:${env[PORT_VARIABLES[service]] || DEFAULT_PORTS[service]}`;
}

async function stackOutputs(stack: string, config: AwsClientsConfig) {
  // Loaded only for --stack, so every other command starts without it.
  const { CloudFormationClient, DescribeStacksCommand } = await import('@aws-sdk/client-cloudformation');
  const cloudformation = new CloudFormationClient({
    region: config.region,
    ...(config.profile ? { profile: config.profile } : {}),
  });
  try {
    const { Stacks } = await cloudformation.send(new DescribeStacksCommand({ StackName: stack }));
    return new Map(
      (Stacks?.[0]?.Outputs ?? []).flatMap((o) =>
        o.OutputKey && o.OutputValue ? [[o.OutputKey, o.OutputValue] as const] : [],
      ),
    );
  } finally {
    cloudformation.destroy();
  }
}

/** Builds the clients and names from the options; `env` supplies local ports and the region. */
export async function connect(
  values: ConnectionValues,
  env: NodeJS.ProcessEnv = process.env,
): Promise<AuditConnection> {
  const local = values.local === true || values.endpoint !== undefined;
  if (values.local && values.endpoint) throw new UsageError('give --local or --endpoint, not both');
  const region = values.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? 'eu-west-2';
  const config: AwsClientsConfig = local
    ? {
        region,
        endpoints: {
          dynamodb: values.endpoint ?? (await localEndpoint('dynamodb', env)),
          s3: values['s3-endpoint'] ?? (await localEndpoint('s3', env)),
        },
        s3ForcePathStyle: true,
        credentials: LOCAL.credentials,
      }
    : { region, ...(values.profile ? { profile: values.profile } : {}) };
  const outputs: ReadonlyMap<string, string> =
    values.stack && !local ? await stackOutputs(values.stack, config) : new Map();
  const table = values.table ?? outputs.get(STACK_OUTPUTS.table) ?? (local ? LOCAL.table : undefined);
  const digestBucket =
    values['digest-bucket'] ??
    outputs.get(STACK_OUTPUTS.digestBucket) ??
    (local ? LOCAL.digestBucket : undefined);
  const missing = (what: string, output: string, option: string) =>
    new UsageError(
      values.stack
        ? `stack ${values.stack} has no ${output} output; pass ${option}`
        : `say where the ${what} is: --local, --endpoint URL, --stack NAME, or ${option}`,
    );
  if (!table) throw missing('audit log', STACK_OUTPUTS.table, '--table');
  const dynamodb = dynamoDbClient(config);
  const s3 = s3Client(config);
  return {
    dynamodb,
    s3,
    table,
    local,
    outputs,
    digestBucket: () => {
      if (!digestBucket) throw missing('digest bucket', STACK_OUTPUTS.digestBucket, '--digest-bucket');
      return digestBucket;
    },
    close: () => {
      dynamodb.destroy();
      s3.destroy();
    },
  };
}

/** What an audit subcommand is given besides its own arguments: tests pass a clock and env. */
export interface AuditCommandContext {
  readonly clock: Clock;
  readonly env: NodeJS.ProcessEnv;
}

export type AuditSubcommand = (
  args: string[],
  io: CommandIo,
  context: AuditCommandContext,
) => Promise<number>;

/** Runs `run` with a connection, closed afterwards whatever happens. */
export async function withConnection<T>(
  values: ConnectionValues,
  env: NodeJS.ProcessEnv,
  run: (connection: AuditConnection) => Promise<T>,
): Promise<T> {
  const connection = await connect(values, env);
  try {
    return await run(connection);
  } finally {
    connection.close();
  }
}
