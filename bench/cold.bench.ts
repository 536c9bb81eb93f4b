/**
 * Lambda bundle size and cold-import time.
 *   node bench/cold.bench.ts [--runs 15]
 *
 * Bundles every `functions/<name>/index.ts` with the local esbuild and the options the CDK
 * construct uses (ESM, minified, node24, AWS SDK bundled), plus an empty handler as the
 * baseline; then imports each bundle in a fresh Node process `runs` times and reports the median
 * import time next to the baseline's, measured in the same run. Floor: each bundle ≤ 1 MB.
 *
 * Reference handlers, built the same way, show what the libraries the functions must carry cost
 * before any of Caveat's code: the S3 and DynamoDB clients with Powertools' logger, metrics and
 * tracer under middy; the same with the MIME and HTML readers; the same again with what the
 * ingest function adds to read a message (the Lambda client it sends documents to be read with,
 * libphonenumber's metadata for UK mobile vs landline, CSV, file types by content, ZIP); what
 * the portal must carry to open a sealed message and show it (S3, DynamoDB, the Encryption SDK's
 * decrypting half with its KMS keyring, the MIME reader, the HTML sanitiser, the GOV.UK page
 * templates' engine, OpenID Connect, Powertools' logger); and pdf.js (through unpdf), which the
 * extract-text function reads PDF attachments with.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../infra/lambda-bundling.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '15' } } });
const runs = Number(values.runs);
const root = resolve(import.meta.dirname, '..');
const out = join(tmpdir(), `caveat-cold-${process.pid}`);
mkdirSync(out, { recursive: true });

const baselineEntry = join(out, 'empty-handler.ts');
writeFileSync(baselineEntry, 'export const handler = async () => ({ batchItemFailures: [] });\n');

const functions = readdirSync(join(root, 'functions')).filter((name) => {
  try {
    return statSync(join(root, 'functions', name, 'index.ts')).isFile();
  } catch {
    return false;
  }
});
/** Each library used, so the bundler keeps what a real handler would. */
const REQUIRED_CORE = `
import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
import middy from '@middy/core';
const tracer = new Tracer();
const s3 = tracer.captureAWSv3Client(new S3Client({}));
const db = tracer.captureAWSv3Client(new DynamoDBClient({}));
const logger = new Logger();
const metrics = new Metrics({ namespace: 'bench' });
export const read = async (key) => {
  const object = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: key }));
  await db.send(new PutItemCommand({ TableName: 't', Item: { k: { S: key } } }));
  logger.info('read'); metrics.addMetric('n', 'Count', 1);
  return object.Body.transformToByteArray();
};
`;
const referenceEntry = (file: string, source: string) => {
  const entry = join(out, file);
  writeFileSync(entry, source);
  return entry;
};
/** The MIME and HTML readers every mail-reading function carries, after REQUIRED_CORE. */
const MAIL_READERS = `import PostalMime from 'postal-mime';
import { convert } from 'html-to-text';
`;
const references = [
  {
    name: '(S3+DynamoDB+Powertools)',
    entry: referenceEntry(
      'core.mjs',
      `${REQUIRED_CORE}export const handler = middy(async (e) => read(e.key));\n`,
    ),
  },
  {
    name: '(… + MIME, HTML)',
    entry: referenceEntry(
      'core-mail.mjs',
      `${REQUIRED_CORE}${MAIL_READERS}export const handler = middy(async (e) => {
  const mail = await PostalMime.parse(await read(e.key));
  return mail.text ?? convert(mail.html ?? '');
});
`,
    ),
  },
  {
    name: '(… + ingest readers)',
    entry: referenceEntry(
      'core-ingest.mjs',
      `${REQUIRED_CORE}${MAIL_READERS}import { LambdaClient, InvokeCommand } from '@aws-sdk/client-lambda';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { parse } from 'csv-parse/sync';
import { fileTypeFromBuffer } from 'file-type';
import yauzl from 'yauzl';
const lambda = tracer.captureAWSv3Client(new LambdaClient({}));
export const handler = middy(async (e) => {
  const mail = await PostalMime.parse(await read(e.key));
  const text = mail.text ?? convert(mail.html ?? '');
  const types = await Promise.all(mail.attachments.map((a) => fileTypeFromBuffer(a.content)));
  await lambda.send(new InvokeCommand({ FunctionName: 'f', Payload: new Uint8Array() }));
  yauzl.fromBuffer(Buffer.alloc(0), () => {});
  return [parsePhoneNumberFromString(text, 'GB')?.getType(), parse(text).length, types.length];
});
`,
    ),
  },
  {
    name: '(portal libraries)',
    entry: referenceEntry(
      'portal.mjs',
      `import { S3Client, GetObjectCommand } from '@aws-sdk/client-s3';
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { buildDecrypt } from '@aws-crypto/decrypt-node';
import { KmsKeyringNode } from '@aws-crypto/kms-keyring-node';
import { CommitmentPolicy } from '@aws-crypto/material-management-node';
import { Logger } from '@aws-lambda-powertools/logger';
import middy from '@middy/core';
import PostalMime from 'postal-mime';
import sanitizeHtml from 'sanitize-html';
import nunjucks from 'nunjucks';
import * as oidc from 'openid-client';
const s3 = new S3Client({});
const db = new DynamoDBClient({});
const logger = new Logger();
const { decrypt } = buildDecrypt(CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT);
const keyring = new KmsKeyringNode({ keyIds: ['arn:aws:kms:eu-west-2:123456789012:key/k'] });
const env = new nunjucks.Environment();
export const handler = middy(async (e) => {
  await db.send(new GetItemCommand({ TableName: 't', Key: { k: { S: e.key } } }));
  const object = await s3.send(new GetObjectCommand({ Bucket: 'b', Key: e.key }));
  const { plaintext } = await decrypt(keyring, await object.Body.transformToByteArray());
  const mail = await PostalMime.parse(plaintext);
  logger.info('read');
  const config = await oidc.discovery(new URL(e.issuer), e.client);
  return env.renderString('{{ body | safe }}', { body: sanitizeHtml(mail.html ?? ''), config });
});
`,
    ),
  },
  {
    name: '(pdf.js via unpdf)',
    entry: referenceEntry(
      'pdf.mjs',
      `import { extractText, getDocumentProxy } from 'unpdf';
export const handler = async (e) => extractText(await getDocumentProxy(new Uint8Array(e.bytes)));
`,
    ),
  },
];
const entries = [
  { name: '(empty handler)', entry: baselineEntry },
  ...references,
  ...functions.map((name) => ({ name, entry: join(root, 'functions', name, 'index.ts') })),
];

/** Environment a deployed function would have; values are placeholders, nothing is called. */
const env = {
  ...process.env,
  AWS_REGION: 'eu-west-2',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  CAVEAT_MAIL_BUCKET: 'caveat-mail',
  CAVEAT_DECISIONS_TABLE: 'decisions',
  CAVEAT_CONTACTS_TABLE: 'contacts',
  CAVEAT_HOLDS_TABLE: 'holds',
  CAVEAT_PORTAL_LINKS_TABLE: 'portal-links',
  CAVEAT_IDEMPOTENCY_TABLE: 'idempotency',
  CAVEAT_MESSAGE_KEY_ARN: 'arn:aws:kms:eu-west-2:123456789012:key/00000000-0000-0000-0000-000000000000',
  CAVEAT_MAILBOXES: JSON.stringify([
    { address: 'uc@caveat.example.gov.uk', teamMailbox: 'team@dwp.example.gov.uk', policyPack: 'dwp' },
  ]),
  CAVEAT_PORTAL_BASE_URL: 'https://portal.caveat.example.gov.uk',
  CAVEAT_SECURITY_CONTACT: 'security@dwp.example.gov.uk',
  CAVEAT_EXTRACT_TEXT_FUNCTION: 'arn:aws:lambda:eu-west-2:123456789012:function:caveat-extract-text',
  CAVEAT_AUDIT_DIGEST_BUCKET: 'caveat-audit-digests',
  CAVEAT_MAILBOX_ADDRESSES: 'uc@caveat.example.gov.uk',
  CAVEAT_OIDC_ISSUER: 'https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_Example',
  CAVEAT_OIDC_CLIENT_ID: 'bench-client',
  CAVEAT_PORTAL_ENTITLEMENTS: JSON.stringify({ 'uc-officers': ['uc@caveat.example.gov.uk'] }),
  // Placeholders of the right shape (32 bytes, base64); nothing is signed with them. The portal
  // takes its key from the environment here, so its import makes no Secrets Manager call.
  CAVEAT_LOCAL_PORTAL_SECRET: Buffer.alloc(32, 7).toString('base64'),
  CAVEAT_CONFIRM_SECRET: Buffer.alloc(32, 7).toString('base64'),
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/** Median import time in fresh processes, or the first line of why the bundle would not load. */
function importTime(outfile: string): number | string {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    // A fresh process each time: what a cold start pays to load and initialise the module.
    const child = spawnSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const t=performance.now();const m=await import(${JSON.stringify(outfile)});if(typeof m.handler!=='function')throw new Error('no handler');console.log(performance.now()-t)`,
      ],
      { env, encoding: 'utf8' },
    );
    if (child.status !== 0) {
      const reason = child.stderr.split('\n').find((line) => /^\w*Error\b.*:/.test(line.trim()));
      return (reason ?? `exit code ${child.status}`).trim().slice(0, 200);
    }
    times.push(Number(child.stdout.trim()));
  }
  return median(times);
}

const rows: { name: string; bytes: number; importMs: number | string }[] = [];
for (const { name, entry } of entries) {
  const outfile = join(out, `${name.replace(/\W+/g, '_')}.mjs`);
  // nodePaths: the reference handlers live in a temporary folder, their packages in this one.
  await build({
    ...LAMBDA_BUNDLING,
    entryPoints: [entry],
    outfile,
    logLevel: 'error',
    nodePaths: [join(root, 'node_modules')],
  });
  rows.push({ name, bytes: statSync(outfile).size, importMs: importTime(outfile) });
}

const baseline = rows[0];
console.log(`Cold import: median of ${runs} fresh processes each, Node ${process.version}, ${process.arch}`);
console.log('bundle                    size (KB)   ≤1 MB   import (ms)   vs empty handler');
const failed: string[] = [];
for (const row of rows) {
  const kb = (row.bytes / 1024).toFixed(1).padStart(9);
  const floor = (row.bytes <= 1024 * 1024 ? 'yes' : 'NO').padStart(7);
  if (typeof row.importMs === 'string') {
    console.log(`${row.name.padEnd(24)}${kb}${floor}   import failed (below)`);
    failed.push(`${row.name}: ${row.importMs}`);
    continue;
  }
  const ms = row.importMs.toFixed(1).padStart(13);
  const base = baseline?.importMs;
  const ratio = typeof base === 'number' ? `${(row.importMs / base).toFixed(2)}×`.padStart(18) : '';
  console.log(`${row.name.padEnd(24)}${kb}${floor}${ms}${ratio}`);
}
for (const line of failed) console.error(`\n${line}`);
if (failed.length > 0) process.exitCode = 2;
if (rows.some((row) => !row.name.startsWith('(') && row.bytes > 1024 * 1024)) process.exitCode = 1;
