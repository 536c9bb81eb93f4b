/**
 * The ingest handler as the Lambda builds it: `readSettings` and `wireIngest`, the real adapters,
 * the Encryption SDK and Powertools' DynamoDB persistence layer, with every AWS client stubbed at
 * its class. Each test says which AWS calls a message causes, in which order, and which it must not.
 *
 * What goes over the wire: the adapters send document-client commands (Put/Get/Update/Delete,
 * i.e. PutItem/GetItem/UpdateItem/DeleteItem) through `DynamoDBDocumentClient`; Powertools sends
 * the low-level `PutItemCommand`/`UpdateItemCommand`/`DeleteItemCommand` through `DynamoDBClient`.
 * Both are stubbed. The S3 bucket and the idempotency records are kept in memory so that
 * duplicates and retries behave as they would on AWS.
 */
import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type AttributeValue,
  ConditionalCheckFailedException,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { DisabledException, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { InvokeCommand, type InvokeCommandOutput, LambdaClient } from '@aws-sdk/client-lambda';
import {
  CopyObjectCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  type GetObjectCommandOutput,
  HeadObjectCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SESClient, SESServiceException, SendRawEmailCommand } from '@aws-sdk/client-ses';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createExtractTextHandler } from '../../../functions/extract-text/handler.ts';
import { readSettings, SettingsError } from '../../../functions/ingest/settings.ts';
import { wireIngest } from '../../../functions/ingest/wiring.ts';
import { inProcessDocumentText } from '../../../shared/mail/in-process-document-text.ts';
import { PolicyPackError } from '../../../shared/policy/load-pack.ts';
import { mimeMessage, minimalPdf } from '../../mail/mime-builder.ts';
import { captureOutput, context, notification, sqsEvent } from './lambda-events.ts';

const root = join(import.meta.dirname, '..', '..', '..');
const BUCKET = 'caveat-mail-123456789012-eu-west-2';
const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const TEAM = 'uc-team@dwp.example.gov.uk';
const SECURITY = 'security@dwp.example.gov.uk';
const KEY_ARN = 'arn:aws:kms:eu-west-2:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const EXTRACT_TEXT = 'arn:aws:lambda:eu-west-2:123456789012:function:caveat-extract-text';
const TABLES = {
  CAVEAT_DECISIONS_TABLE: 'caveat-decisions',
  CAVEAT_CONTACTS_TABLE: 'caveat-contacts',
  CAVEAT_HOLDS_TABLE: 'caveat-holds',
  CAVEAT_PORTAL_LINKS_TABLE: 'caveat-portal-links',
  CAVEAT_IDEMPOTENCY_TABLE: 'caveat-idempotency',
};
/** The environment CDK gives the function, with the local AES key or the KMS message key. */
const environment = (messageKey: 'local' | 'kms', overrides: Record<string, string> = {}) => ({
  CAVEAT_MAIL_BUCKET: BUCKET,
  ...TABLES,
  ...(messageKey === 'kms'
    ? { CAVEAT_MESSAGE_KEY_ARN: KEY_ARN }
    : { CAVEAT_LOCAL_MESSAGE_KEY: randomBytes(32).toString('base64') }),
  CAVEAT_MAILBOXES: JSON.stringify([{ address: MAILBOX, teamMailbox: TEAM, policyPack: 'dwp' }]),
  CAVEAT_PORTAL_BASE_URL: 'https://portal.caveat.example.gov.uk',
  CAVEAT_SECURITY_CONTACT: SECURITY,
  CAVEAT_EXTRACT_TEXT_FUNCTION: EXTRACT_TEXT,
  ...overrides,
});
/** Nothing may reach a network: a client these tests failed to stub fails fast on a closed port. */
const clients = {
  endpoint: 'http://127.0.0.1:1',
  credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret' },
};
const wire = (messageKey: 'local' | 'kms' = 'local', overrides: Record<string, string> = {}) =>
  wireIngest(readSettings(environment(messageKey, overrides)), {
    packDir: join(root, 'functions', 'ingest'),
    clients,
  });

const sample = (name: string) => new Uint8Array(readFileSync(join(root, 'samples', name)));
const inbound = (id: string) => `inbound/${MAILBOX}/${id}`;
const VALIDATED_CONTACT = 'jo.bloggs@example-mail.co.uk';
/** Personal data in the samples used here: none of it may reach a log line. */
const PERSONAL_DATA = [
  'sam.citizen',
  'alex.morgan',
  'Alex Morgan',
  'jo.bloggs',
  'Jo Bloggs',
  'pat.jones',
  'JT 48 29 61 B',
  'JT482961B',
  '14/02/1987',
  '20-00-00',
  '55779911',
  '4929',
  '5063',
];

const s3 = mockClient(S3Client);
const powertoolsDb = mockClient(DynamoDBClient);
const adapterDb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESClient);
const kms = mockClient(KMSClient);
const lambda = mockClient(LambdaClient);
/** The extract-text function as deployed, behind the stubbed Invoke. */
const extractTextFunction = createExtractTextHandler({
  documents: inProcessDocumentText,
  logger: { info: () => undefined },
});

/** The mail bucket: object bodies, and sizes HeadObject reports when they differ from the body's. */
const bucket = new Map<string, Uint8Array>();
const declaredSizes = new Map<string, number>();
/** The idempotency table as Powertools sees it, by `id`. */
const idempotencyRecords = new Map<string, Record<string, AttributeValue>>();
/** Items Powertools was answered with when its PutItem condition failed. */
const conditionFailures: Record<string, unknown>[] = [];
/** Errors SES answers the next sends with, one each; later sends are accepted. */
const sesFailures: Error[] = [];

/** A GetObject body as the SDK returns it, reduced to the one method the store calls. */
const body = (bytes: Uint8Array) =>
  ({ transformToByteArray: async () => bytes }) as unknown as GetObjectCommandOutput['Body'];

function stubAws() {
  s3.on(HeadObjectCommand).callsFake(async ({ Key }: { Key: string }) => {
    const object = bucket.get(Key);
    if (!object) throw new NotFound({ message: 'Not Found', $metadata: { httpStatusCode: 404 } });
    return { ContentLength: declaredSizes.get(Key) ?? object.byteLength };
  });
  s3.on(GetObjectCommand).callsFake(async ({ Key }: { Key: string }) => {
    const object = bucket.get(Key);
    if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    return { Body: body(object) };
  });
  s3.on(PutObjectCommand).callsFake(async ({ Key, Body }: { Key: string; Body: Uint8Array }) => {
    bucket.set(Key, Body);
    return {};
  });
  s3.on(CopyObjectCommand).callsFake(async ({ Key, CopySource }: { Key: string; CopySource: string }) => {
    const from = decodeURIComponent(CopySource.slice(BUCKET.length + 1));
    const object = bucket.get(from);
    if (!object) throw new NoSuchKey({ message: 'The specified key does not exist.', $metadata: {} });
    bucket.set(Key, object);
    return {};
  });
  s3.on(DeleteObjectCommand).callsFake(async ({ Key }: { Key: string }) => {
    bucket.delete(Key);
    return {};
  });

  // Powertools' records: the put condition fails with the stored item (ReturnValuesOnConditionCheckFailure).
  powertoolsDb.on(PutItemCommand).callsFake(async ({ Item }: { Item: Record<string, AttributeValue> }) => {
    const id = Item.id?.S ?? '';
    const stored = idempotencyRecords.get(id);
    if (stored) {
      conditionFailures.push(unmarshall(stored));
      throw new ConditionalCheckFailedException({
        message: 'The conditional request failed',
        $metadata: {},
        Item: stored,
      });
    }
    idempotencyRecords.set(id, Item);
    return {};
  });
  powertoolsDb.on(UpdateItemCommand).callsFake(async (input: UpdateItemInput) => {
    const id = input.Key.id?.S ?? '';
    idempotencyRecords.set(id, { ...idempotencyRecords.get(id), ...updatedAttributes(input) });
    return {};
  });
  powertoolsDb.on(DeleteItemCommand).callsFake(async ({ Key }: { Key: Record<string, AttributeValue> }) => {
    idempotencyRecords.delete(Key.id?.S ?? '');
    return {};
  });
  powertoolsDb.on(GetItemCommand).callsFake(async ({ Key }: { Key: Record<string, AttributeValue> }) => ({
    Item: idempotencyRecords.get(Key.id?.S ?? ''),
  }));

  adapterDb
    .on(GetCommand)
    .callsFake(async ({ Key }: { Key: { contactKey?: string } }) =>
      Key.contactKey === `email#${VALIDATED_CONTACT}` ? { Item: { validated: true } } : {},
    );
  adapterDb.on(PutCommand).resolves({});
  adapterDb.on(TransactWriteCommand).resolves({});
  adapterDb.on(UpdateCommand).resolves({});
  adapterDb.on(DeleteCommand).resolves({});

  let sent = 0;
  ses.on(SendRawEmailCommand).callsFake(async () => {
    const failure = sesFailures.shift();
    if (failure) throw failure;
    sent += 1;
    return { MessageId: `0100018f-ses-${sent}` };
  });
  // A fresh data key per call: the Encryption SDK zeroes one once it has used it.
  lambda.on(InvokeCommand).callsFake(async ({ Payload }: { Payload: Uint8Array }) => {
    const answer = await extractTextFunction(JSON.parse(new TextDecoder().decode(Payload)));
    return { StatusCode: 200, Payload: new TextEncoder().encode(JSON.stringify(answer)) };
  });
  kms.on(GenerateDataKeyCommand).callsFake(async () => ({
    KeyId: KEY_ARN,
    Plaintext: new Uint8Array(randomBytes(32)),
    CiphertextBlob: new Uint8Array(randomBytes(184)),
  }));
}

interface UpdateItemInput {
  readonly Key: Record<string, AttributeValue>;
  readonly UpdateExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues: Record<string, AttributeValue>;
}

/** Applies a `SET #a = :a, #b = :b` update expression, the only form Powertools sends. */
function updatedAttributes(input: UpdateItemInput): Record<string, AttributeValue> {
  const attributes: Record<string, AttributeValue> = {};
  for (const assignment of input.UpdateExpression.replace(/^SET /, '').split(', ')) {
    const [name = '', value = ''] = assignment.split(' = ');
    const attributeValue = input.ExpressionAttributeValues[value];
    if (attributeValue) attributes[input.ExpressionAttributeNames[name] ?? name] = attributeValue;
  }
  return attributes;
}

const DOCUMENT_OPERATIONS: Record<string, string> = {
  PutCommand: 'PutItem',
  GetCommand: 'GetItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
};
const TABLE_NAMES: Record<string, string> = Object.fromEntries(
  Object.values(TABLES).map((table) => [table, table.replace(/^caveat-/, '')]),
);

/** One line per AWS call, as the service sees it: operation, then the key or table it touched. */
function describeCall(command: { constructor: { name: string }; input: object }): string {
  const name = command.constructor.name;
  const input = command.input as Record<string, unknown>;
  if (typeof input.Bucket === 'string') return `${name.replace(/Command$/, '')} ${String(input.Key)}`;
  if (name === 'SendRawEmailCommand') return `SendRawEmail ${(input.Destinations as string[]).join(',')}`;
  if (name === 'GenerateDataKeyCommand') return 'GenerateDataKey';
  if (name === 'InvokeCommand') return `Invoke ${String(input.FunctionName).split(':').at(-1)}`;
  const operation = DOCUMENT_OPERATIONS[name] ?? name.replace(/Command$/, '');
  const table = TABLE_NAMES[String(input.TableName)] ?? String(input.TableName);
  if (name === 'TransactWriteCommand') {
    // An audit append: the entry and its chain head, in one transaction; named by the entry.
    const [entry] = input.TransactItems as { Put: { Item: Record<string, unknown> } }[];
    return `PutItem decisions ${String(entry?.Put.Item.seq).split('#').slice(1, 3).join('#')}`;
  }
  const item = (input.Item ?? input.Key ?? {}) as Record<string, unknown>;
  if (table === 'decisions' && item.seq === 'head') return 'GetItem decisions chain-head';
  if (table === 'decisions')
    return `${operation} decisions ${String(item.seq).split('#').slice(1, 3).join('#')}`;
  if (table === 'idempotency') {
    const id = typeof item.id === 'string' ? item.id : undefined;
    // Powertools' record ids are the function name and a hash of the key; the ledger's are readable.
    return `${operation} idempotency ${id?.replace(`${MAILBOX}/`, '') ?? '(record)'}`;
  }
  return `${operation} ${table}`;
}

/** A recorded call of any of the stubbed clients (sinon's spy call, which knows its order). */
interface StubbedCall {
  readonly args: readonly [{ constructor: { name: string }; input: object }];
  calledBefore(other: StubbedCall): boolean;
}

/** Every AWS call the handler made, across all clients, in the order it made them. */
function awsCalls(): string[] {
  const calls = [s3, powertoolsDb, adapterDb, ses, kms, lambda].flatMap(
    (mock) => mock.calls() as unknown as StubbedCall[],
  );
  calls.sort((a, b) => (a.calledBefore(b) ? -1 : 1));
  // Reading a chain head before each append is the audit log's own business (its tests cover it).
  return calls
    .map((call) => describeCall(call.args[0]))
    .filter((call) => call !== 'GetItem decisions chain-head');
}

/** The calls that take a message and classify it: claim the key, size, read, sender lookup, decision. */
const readAndClassified = (id: string) => [
  'PutItem idempotency (record)',
  `HeadObject ${inbound(id)}`,
  `GetObject ${inbound(id)}`,
  'GetItem contacts',
  'PutItem decisions 1#classify',
];
/** A notice sent once: the ledger claim, the send, the confirmation. */
const sentOnce = (id: string, action: string, to: string) => [
  `PutItem idempotency notified#${id}#${action}`,
  `SendRawEmail ${to}`,
  `UpdateItem idempotency notified#${id}#${action}`,
];

const sentMail = () =>
  Promise.all(
    ses
      .commandCalls(SendRawEmailCommand)
      .map((call) => PostalMime.parse(call.args[0].input.RawMessage?.Data ?? '')),
  );
const putItems = (table: string) =>
  adapterDb
    .commandCalls(PutCommand)
    .map((call) => call.args[0].input)
    .filter((input) => input.TableName === table)
    .map((input) => input.Item as Record<string, unknown>);
const auditEntries = () =>
  adapterDb
    .commandCalls(TransactWriteCommand)
    .map((call) => call.args[0].input.TransactItems?.[0]?.Put?.Item as Record<string, unknown>);
const contains = (haystack: Uint8Array, needle: string) =>
  Buffer.from(haystack).includes(Buffer.from(needle));

/** Puts a raw message where SES would, and the SQS message S3's notification arrives in. */
function receive(id: string, file: string) {
  bucket.set(inbound(id), sample(file));
  return notification(inbound(id), BUCKET);
}

/** The general enquiry's sender and SES headers, with a PDF letter attached saying `letter`. */
function receiveWithPdf(id: string, letter: string) {
  const source = new TextDecoder().decode(sample('01-citizen-general-enquiry.eml'));
  const headers = source.slice(0, source.indexOf('MIME-Version:')).trimEnd().replace(/\r?\n/g, '\r\n');
  const raw = mimeMessage({
    headers,
    text: 'Please see my letter attached.',
    attachments: [{ filename: 'letter.pdf', type: 'application/pdf', bytes: minimalPdf(letter) }],
  });
  bucket.set(inbound(id), raw);
  return notification(inbound(id), BUCKET);
}

let output: ReturnType<typeof captureOutput>;
beforeEach(() => {
  for (const mock of [s3, powertoolsDb, adapterDb, ses, kms, lambda]) mock.reset();
  bucket.clear();
  declaredSizes.clear();
  idempotencyRecords.clear();
  conditionFailures.length = 0;
  sesFailures.length = 0;
  stubAws();
  output = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  // Whatever happened in the test, the function's logs and metrics carry no personal data.
  for (const personal of PERSONAL_DATA) expect(output.text()).not.toContain(personal);
});

describe('ingest handler through the real wiring', () => {
  it('delivers an OFFICIAL message to the team marked [OFFICIAL] and keeps the raw message', async () => {
    const handler = await wire();
    const result = await handler(sqsEvent(receive('m-deliver', '01-citizen-general-enquiry.eml')), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(awsCalls()).toEqual([
      ...readAndClassified('m-deliver'),
      ...sentOnce('m-deliver', 'deliver', TEAM),
      'PutItem decisions 2#deliver',
      'UpdateItem idempotency (record)',
    ]);
    expect(ses.commandCalls(SendRawEmailCommand)[0]?.args[0].input).toMatchObject({
      Source: MAILBOX,
      Destinations: [TEAM],
    });
    const [mail] = await sentMail();
    expect(mail?.subject).toBe('[OFFICIAL] Opening hours over Christmas');
    expect(bucket.has(inbound('m-deliver'))).toBe(true);
    expect(auditEntries().at(-1)).toMatchObject({ stage: 'deliver', outcome: { delivery: 'sent' } });
  });

  it('holds unsolicited personal data: a hold, a notice without the sender, the raw message kept', async () => {
    const handler = await wire();
    const result = await handler(sqsEvent(receive('m-hold', '02-citizen-unverified-nino-dob.eml')), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(awsCalls()).toEqual([
      ...readAndClassified('m-hold'),
      'PutItem holds',
      ...sentOnce('m-hold', 'hold', TEAM),
      // No validated contact point to ask, and SPF passed: a generic acknowledgement to the sender.
      'GetItem contacts',
      ...sentOnce('m-hold', 'acknowledgement', 'alex.morgan@example-mail.co.uk'),
      'PutItem decisions 3#confirm-request',
      'PutItem decisions 2#hold',
      'UpdateItem idempotency (record)',
    ]);
    expect(putItems(TABLES.CAVEAT_HOLDS_TABLE)).toEqual([
      expect.objectContaining({
        holdKey: `${MAILBOX}/m-hold`,
        objectKey: inbound('m-hold'),
        senderAddress: 'alex.morgan@example-mail.co.uk',
      }),
    ]);
    const [notice, acknowledgement] = await sentMail();
    expect(notice?.subject).toBe('[OFFICIAL-SENSITIVE] Message m-hold held for confirmation');
    expect(notice?.text).not.toContain('alex.morgan');
    expect(acknowledgement?.subject).toBe('We have received your email');
    expect(acknowledgement?.text).not.toContain('JT 48');
    expect(bucket.has(inbound('m-hold'))).toBe(true);
  });

  it('protects under the KMS message key: ciphertext, a hashed portal link, a notice, then deletes the raw message', async () => {
    const handler = await wire('kms');
    const raw = sample('03-verified-citizen-bank-details.eml');
    const result = await handler(
      sqsEvent(receive('m-protect', '03-verified-citizen-bank-details.eml')),
      context,
    );

    expect(result).toEqual({ batchItemFailures: [] });
    const ciphertextKey = `ciphertext/${MAILBOX}/m-protect`;
    const calls = awsCalls();
    expect(calls).toEqual([
      ...readAndClassified('m-protect'),
      'GenerateDataKey',
      `PutObject ${ciphertextKey}`,
      'PutItem portal-links',
      ...sentOnce('m-protect', 'protect', TEAM),
      'PutItem decisions 2#protect',
      `DeleteObject ${inbound('m-protect')}`,
      'UpdateItem idempotency (record)',
    ]);
    // The plaintext goes only once the protect entry records where the ciphertext is.
    expect(calls.indexOf(`DeleteObject ${inbound('m-protect')}`)).toBeGreaterThan(
      calls.indexOf('PutItem decisions 2#protect'),
    );

    expect(kms.commandCalls(GenerateDataKeyCommand)[0]?.args[0].input).toMatchObject({
      KeyId: KEY_ARN,
      EncryptionContext: { messageId: 'm-protect', classification: 'OFFICIAL-SENSITIVE', mailbox: MAILBOX },
    });
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: BUCKET,
      Key: ciphertextKey,
      ContentType: 'application/octet-stream',
    });
    const ciphertext = put?.Body as Uint8Array;
    for (const plaintext of ['20-00-00', '55779911', 'Jo Bloggs', 'New bank account']) {
      expect(contains(ciphertext, plaintext)).toBe(false);
    }
    expect(contains(ciphertext, new TextDecoder().decode(raw))).toBe(false);

    const [link] = putItems(TABLES.CAVEAT_PORTAL_LINKS_TABLE);
    expect(link).toMatchObject({ messageId: 'm-protect', mailbox: MAILBOX, ciphertextKey });
    expect(link?.linkHash).toMatch(/^[0-9a-f]{64}$/);
    const [notice] = await sentMail();
    const token = /\/open#t=([A-Za-z0-9_-]+)/.exec(notice?.text ?? '')?.[1] ?? '';
    expect(createHash('sha256').update(token).digest('hex')).toBe(link?.linkHash);
    expect(JSON.stringify(link)).not.toContain(token);
    expect(notice?.text).not.toMatch(/20-00-00|55779911/);
    expect(bucket.has(inbound('m-protect'))).toBe(false);
  });

  it('quarantines a virus: a copy under quarantine/, the raw message deleted, the security contact told', async () => {
    const handler = await wire();
    const result = await handler(sqsEvent(receive('m-virus', '07-virus-verdict.eml')), context);

    expect(result).toEqual({ batchItemFailures: [] });
    const quarantined = `quarantine/${MAILBOX}/m-virus`;
    expect(awsCalls()).toEqual([
      ...readAndClassified('m-virus'),
      ...sentOnce('m-virus', 'quarantine', SECURITY),
      'PutItem decisions 2#quarantine',
      `CopyObject ${quarantined}`,
      `DeleteObject ${inbound('m-virus')}`,
      'UpdateItem idempotency (record)',
    ]);
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toEqual({
      Bucket: BUCKET,
      Key: quarantined,
      CopySource: `${BUCKET}/${inbound('m-virus')}`,
    });
    const [notice] = await sentMail();
    expect(notice?.text).toContain('DWP-VIRUS');
    expect(notice?.attachments).toHaveLength(0);
    expect(bucket.has(inbound('m-virus'))).toBe(false);
    expect(bucket.get(quarantined)).toEqual(sample('07-virus-verdict.eml'));
  });

  it('answers a duplicate notification from the idempotency record: no second read, no second send', async () => {
    const handler = await wire();
    const body = receive('m-dup', '01-citizen-general-enquiry.eml');
    const event = sqsEvent(body, body);
    const result = await handler(event, context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(awsCalls().slice(-2)).toEqual(['UpdateItem idempotency (record)', 'PutItem idempotency (record)']);
    expect(conditionFailures).toEqual([
      expect.objectContaining({
        status: 'COMPLETED',
        data: expect.objectContaining({ status: 'processed', messageId: 'm-dup', action: 'deliver' }),
      }),
    ]);
    expect(s3.commandCalls(HeadObjectCommand)).toHaveLength(1);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(1);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(1);
    expect(auditEntries()).toHaveLength(2);
    // The second message is answered with the first one's outcome.
    expect(output.text().match(/"message":"message processed"/g)).toHaveLength(2);
  });

  it('keeps a message whose KMS key is disabled: an error entry, no ciphertext, no notice, a retry later', async () => {
    kms
      .on(GenerateDataKeyCommand)
      .rejects(new DisabledException({ message: 'key is disabled', $metadata: {} }));
    const handler = await wire('kms');
    const event = sqsEvent(receive('m-kms', '03-verified-citizen-bank-details.eml'));
    const result: SQSBatchResponse = await handler(event, context);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    expect(awsCalls()).toEqual([
      ...readAndClassified('m-kms'),
      'GenerateDataKey',
      'PutItem decisions 9#error',
      // Powertools forgets the attempt, so SQS's retry is processed rather than refused as in progress.
      'DeleteItem idempotency (record)',
    ]);
    expect(auditEntries().at(-1)).toMatchObject({
      stage: 'error',
      error: { stage: 'protect', code: 'DisabledException' },
    });
    expect(s3.commandCalls(PutObjectCommand)).toHaveLength(0);
    expect(s3.commandCalls(DeleteObjectCommand)).toHaveLength(0);
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(0);
    expect(bucket.has(inbound('m-kms'))).toBe(true);
    expect(output.text()).toContain('"code":"DisabledException"');
  });

  it('reports a send SES throttled as failed, keeps the raw message and releases the notice claim', async () => {
    sesFailures.push(
      new SESServiceException({
        name: 'Throttling',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Maximum sending rate exceeded.',
      }),
    );
    const handler = await wire();
    const body = receive('m-throttle', '01-citizen-general-enquiry.eml');
    const event = sqsEvent(body);
    const result = await handler(event, context);

    expect(result.batchItemFailures).toEqual([{ itemIdentifier: event.Records[0]?.messageId }]);
    expect(awsCalls().slice(4)).toEqual([
      'PutItem decisions 1#classify',
      'PutItem idempotency notified#m-throttle#deliver',
      `SendRawEmail ${TEAM}`,
      'DeleteItem idempotency notified#m-throttle#deliver',
      'PutItem decisions 9#error',
      'DeleteItem idempotency (record)',
    ]);
    expect(adapterDb.commandCalls(DeleteCommand)[0]?.args[0].input).toMatchObject({
      TableName: TABLES.CAVEAT_IDEMPOTENCY_TABLE,
      Key: { id: `notified#${MAILBOX}/m-throttle#deliver` },
      ConditionExpression: '#status = :claimed',
    });
    expect(auditEntries().at(-1)).toMatchObject({
      error: { stage: 'deliver', code: 'MailerThrottledError' },
    });
    expect(bucket.has(inbound('m-throttle'))).toBe(true);

    // SQS redelivers the message: this time it is sent.
    await expect(handler(sqsEvent(body), context)).resolves.toEqual({ batchItemFailures: [] });
    expect(ses.commandCalls(SendRawEmailCommand)).toHaveLength(2);
    expect(auditEntries().at(-1)).toMatchObject({ stage: 'deliver', outcome: { delivery: 'sent' } });
  });

  it('never reads a message too large for memory: it is quarantined unread as MALFORMED', async () => {
    const handler = await wire();
    const body = receive('m-big', '01-citizen-general-enquiry.eml');
    declaredSizes.set(inbound('m-big'), 41 * 1024 * 1024);
    const result = await handler(sqsEvent(body), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(awsCalls()).toEqual([
      'PutItem idempotency (record)',
      `HeadObject ${inbound('m-big')}`,
      'PutItem decisions 1#classify',
      ...sentOnce('m-big', 'quarantine', SECURITY),
      'PutItem decisions 2#quarantine',
      `CopyObject quarantine/${MAILBOX}/m-big`,
      `DeleteObject ${inbound('m-big')}`,
      'UpdateItem idempotency (record)',
    ]);
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
    expect(auditEntries()[0]).toMatchObject({
      stage: 'classify',
      action: 'quarantine',
      ruleId: 'MALFORMED',
      rawBytes: 41 * 1024 * 1024,
    });
  });

  it('reads a PDF attachment through the extract-text function, and judges its text', async () => {
    const handler = await wire();
    const letter = 'My National Insurance number is JT 48 29 61 B and my date of birth is 14/02/1987.';
    const result = await handler(sqsEvent(receiveWithPdf('m-pdf', letter)), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(awsCalls().slice(0, 4)).toEqual([
      'PutItem idempotency (record)',
      `HeadObject ${inbound('m-pdf')}`,
      `GetObject ${inbound('m-pdf')}`,
      'Invoke caveat-extract-text',
    ]);
    // The body alone would be delivered as OFFICIAL; the letter's NINO and date of birth hold it.
    expect(auditEntries()[0]).toMatchObject({
      stage: 'classify',
      classification: 'OFFICIAL-SENSITIVE',
      action: 'hold',
    });
  });

  it('protects a message whose PDF the extract-text function failed on, and loses nothing', async () => {
    const handler = await wire();
    lambda.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Unhandled',
      Payload: new TextEncoder().encode(
        JSON.stringify({ errorType: 'Sandbox.Timedout' }),
      ) as InvokeCommandOutput['Payload'],
    });
    const result = await handler(sqsEvent(receiveWithPdf('m-pdf-failed', 'Nothing personal here.')), context);

    expect(result).toEqual({ batchItemFailures: [] });
    expect(lambda.commandCalls(InvokeCommand)).toHaveLength(1);
    expect(auditEntries()[0]).toMatchObject({
      stage: 'classify',
      classification: 'OFFICIAL-SENSITIVE',
      rules: expect.arrayContaining([expect.objectContaining({ id: 'DWP-1.2-UNSCANNED' })]),
    });
    expect(output.text()).toContain('"reason":"function-error","errorType":"Sandbox.Timedout"');
  });

  it('logs ids, actions and error classes for personal data, never the data itself', async () => {
    const handler = await wire();
    // An SDK-style message quoting the recipient: only the error's class may reach the logs.
    sesFailures.push(new Error('Address blacklisted: pat.jones@example-mail.co.uk'));
    await handler(
      sqsEvent(
        receive('m-log-card', '08-citizen-card-number.eml'),
        receive('m-log-nino', '02-citizen-unverified-nino-dob.eml'),
        receive('m-log-bank', '03-verified-citizen-bank-details.eml'),
      ),
      context,
    );
    const logs = output.text();
    expect(logs).toContain('"messageId":"m-log-nino"');
    expect(logs).toContain('"action":"hold"');
    expect(logs).toContain('"level":"ERROR"');
    expect(logs).toContain('MessagesProcessed');
    // afterEach checks the personal data of every sample used in this file.
  });
});

describe('ingest wiring refuses to start', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('the Lambda entry point fails at start-up on a wrong setting, naming the variable', async () => {
    for (const [name, value] of Object.entries(environment('kms', { CAVEAT_MAILBOXES: '[{"address":' }))) {
      vi.stubEnv(name, value);
    }
    vi.resetModules();
    const start = import('../../../functions/ingest/index.ts');
    // A fresh module graph: the error is not this file's SettingsError class, so match it by name.
    await expect(start).rejects.toMatchObject({
      name: 'SettingsError',
      message: expect.stringContaining('CAVEAT_MAILBOXES: is not valid JSON'),
    });
    expect(() => readSettings(environment('kms', { CAVEAT_MAILBOXES: '[{' }))).toThrow(SettingsError);
  });

  it('fails without the extract-text function, naming the variable', async () => {
    const settings = readSettings({ ...environment('local'), CAVEAT_EXTRACT_TEXT_FUNCTION: undefined });
    await expect(
      wireIngest(settings, { packDir: join(root, 'functions', 'ingest'), clients }),
    ).rejects.toThrow(/CAVEAT_EXTRACT_TEXT_FUNCTION: required/);
    // A local run reads documents in process, with no function to name.
    await expect(
      wireIngest(settings, {
        packDir: join(root, 'functions', 'ingest'),
        clients,
        documents: inProcessDocumentText,
      }),
    ).resolves.toBeTypeOf('function');
  });

  it('fails on a policy pack file that does not exist, naming the file', async () => {
    const mailboxes = JSON.stringify([
      { address: MAILBOX, teamMailbox: TEAM, policyPack: 'packs/missing.json' },
    ]);
    const wiring = wire('local', { CAVEAT_MAILBOXES: mailboxes });
    await expect(wiring).rejects.toBeInstanceOf(PolicyPackError);
    await expect(wiring).rejects.toThrow('policy pack packs/missing.json: cannot read: no such file');
    expect(s3.calls()).toHaveLength(0);
  });
});
