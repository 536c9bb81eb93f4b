/**
 * `npm start`: the local stack on loopback with persistent data in `.caveat-data/local/`, until
 * Ctrl-C. Ports are fixed where free (so addresses stay the same between runs) and can be set
 * with CAVEAT_SMTP_PORT, CAVEAT_SES_PORT, CAVEAT_S3_PORT, CAVEAT_DYNAMODB_PORT, CAVEAT_PORTAL_PORT,
 * CAVEAT_OIDC_PORT and CAVEAT_CONFIRM_PORT.
 */
import { join, relative } from 'node:path';
import { claimDataDir, localPaths, releaseDataDir } from './data-dir.ts';
import { preferredPort } from './free-port.ts';
import { DEFAULT_PORTS, PORT_VARIABLES } from './ports.ts';
import { LOCAL_CREDENTIALS, type LocalService, type LocalStack, startLocalStack } from './stack.ts';

export { DEFAULT_PORTS, PORT_VARIABLES } from './ports.ts';

export interface ChosenPorts {
  readonly ports: Readonly<Record<LocalService, number>>;
  /** Services whose default port was busy, with that default. */
  readonly busy: Partial<Readonly<Record<LocalService, number>>>;
}

/**
 * A port set by its variable is used as given (a clash then fails the start, since it was asked
 * for); otherwise the default when free, else any free port.
 */
export async function choosePorts(env: NodeJS.ProcessEnv = process.env): Promise<ChosenPorts> {
  const ports = {} as Record<LocalService, number>;
  const busy: Partial<Record<LocalService, number>> = {};
  for (const service of Object.keys(DEFAULT_PORTS) as LocalService[]) {
    const variable = PORT_VARIABLES[service];
    const set = env[variable];
    if (set !== undefined && set !== '') {
      const port = Number(set);
      if (!Number.isInteger(port) || port < 1 || port > 65_535) {
        throw new Error(`${variable}=${set} is not a port number (1-65535)`);
      }
      ports[service] = port;
      continue;
    }
    ports[service] = await preferredPort(DEFAULT_PORTS[service]);
    if (ports[service] !== DEFAULT_PORTS[service]) busy[service] = DEFAULT_PORTS[service];
  }
  return { ports, busy };
}

/** The block `npm start` prints once everything is up. */
export function startBanner(
  stack: LocalStack,
  options: { rootDir: string; busy: ChosenPorts['busy'] },
): string {
  const moved = (service: LocalService) =>
    options.busy[service] ? `  (${options.busy[service]} was busy)` : '';
  const where = (path: string) => {
    const rel = relative(options.rootDir, path);
    return rel && !rel.startsWith('..') ? rel : path;
  };
  const [firstMailbox, ...otherMailboxes] = stack.config.mailboxes.map((m) => m.address);
  const lines = [
    '',
    'Caveat local stack is running (mailboxes and policy packs from cdk.json)',
    '',
    `  SMTP (SES inbound)  smtp://${stack.smtp.host}:${stack.smtp.port}${moved('smtp')}`,
    `                      accepts mail for ${firstMailbox ?? '(no mailboxes configured)'}`,
    ...otherMailboxes.map((address) => `                                       ${address}`),
    `                      and reports at ${stack.config.domain.dmarcReportAddress} (DMARC)`,
    `                                     ${stack.config.domain.tlsReportAddress} (TLS-RPT)`,
    `  Sent mail viewer    ${stack.ses.endpoint}/${moved('ses')}  (notices and forwarded mail)`,
    `  S3                  ${stack.s3.endpoint}  bucket ${stack.bucket}${moved('s3')}`,
    `  DynamoDB Local      ${stack.dynamodb.endpoint}  tables ${Object.values(stack.tables).join(', ')}${moved('dynamodb')}`,
    `  Credentials         ${LOCAL_CREDENTIALS.accessKeyId} / ${LOCAL_CREDENTIALS.secretAccessKey}, region ${stack.config.region} (local services only)`,
    `  Officer portal      ${stack.portal.url}/${moved('portal')}  (notification links open here)`,
    `  Officer sign-in     ${stack.oidc.issuer}${moved('oidc')}  (local OpenID Connect provider)`,
    ...stack.oidc.officers.map(
      (officer) =>
        `                      ${officer.username.padEnd(24)} ${officer.groups.length ? `reads ${mailboxesOf(stack, officer.groups).join(', ')}` : 'reads no mailbox'}`,
    ),
    `                      password for every account: ${stack.oidc.password}  (local only)`,
    `  Confirmation page   ${stack.confirm.url}/confirm/<token>${moved('confirm')}  (links in sent mail name https://${stack.config.portalDomain}; use the same path here)`,
    `  Texts (SMS outbox)  ${where(stack.sms.file)}`,
    '',
    `  Data                ${where(stack.dataDir)}/  (kept across restarts; sent mail is kept in memory only)`,
    ...(stack.seededContacts > 0
      ? [
          `  Contacts            ${stack.seededContacts} citizens' validated contacts imported from samples/contacts.csv`,
        ]
      : []),
    '',
    '  Stop                Ctrl-C',
    `  Reset               npm run reset  (after stopping: wipes ${where(stack.dataDir)}/, keeps the download cache)`,
    '  Demo                npm run demo   (runs its own stack on free ports; this one is left alone)',
    '',
  ];
  return lines.join('\n');
}

function mailboxesOf(stack: LocalStack, groups: readonly string[]): string[] {
  return groups.flatMap((group) => stack.config.portal.entitlements[group] ?? []);
}

async function main(): Promise<void> {
  const rootDir = join(import.meta.dirname, '..');
  const { dataDir, cacheDir } = localPaths(rootDir);
  // The ingest function's logs show each message go by; its metrics lines are only noise here.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  claimDataDir(dataDir);
  let starting: Promise<LocalStack> | undefined;
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      // A second Ctrl-C: give up waiting. DynamoDB Local has already been asked to stop.
      releaseDataDir(dataDir);
      process.exit(130);
    }
    stopping = true;
    console.log(`\n${signal}: stopping the local stack…`);
    // A stack still starting is stopped once it is up, so no Java process is left behind.
    const stack = await starting?.catch(() => undefined);
    await stack?.stop();
    releaseDataDir(dataDir);
    console.log('Stopped.');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));

  try {
    console.log(`Starting the Caveat local stack (data in ${relative(rootDir, dataDir) || dataDir}/)…`);
    const { ports, busy } = await choosePorts();
    starting = startLocalStack({ dataDir, cacheDir, rootDir, ports });
    const stack = await starting;
    if (!stopping) console.log(startBanner(stack, { rootDir, busy }));
  } catch (error) {
    releaseDataDir(dataDir);
    throw error;
  }
}

if (import.meta.main) {
  main().catch((error: unknown) => {
    console.error(`npm start: ${(error as Error).message}`);
    process.exit(1);
  });
}
