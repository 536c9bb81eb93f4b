/**
 * Confirming held messages on the local stack: real DynamoDB Local, S3 server, SES endpoint and
 * the confirmation page served over HTTP, driven as a citizen's browser would drive it.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS, type LocalStack } from '../../local/stack.ts';
import { linkHash } from '../../shared/pipeline/link-hash.ts';
import { citizenMail, NINO_AND_DOB } from '../confirm/citizen-mail.ts';
import { startTestStack, type TestStack } from './support.ts';

const MAILBOX = 'universal.credit@caveat.example.gov.uk';
const JO = 'jo.bloggs@example-mail.co.uk';
const TOKEN = /https:\/\/portal\.caveat\.example\.gov\.uk(\/confirm\/[A-Za-z0-9_-]{43})/;

describe('confirming held messages on local services', () => {
  let test: TestStack;
  let stack: LocalStack;
  let db: DynamoDBDocumentClient;

  beforeAll(async () => {
    test = await startTestStack({ stories: [] });
    stack = test.stack;
    const common = { region: stack.config.region, credentials: LOCAL_CREDENTIALS };
    db = DynamoDBDocumentClient.from(new DynamoDBClient({ ...common, endpoint: stack.dynamodb.endpoint }));
    // Written where SES writes, with the verdicts each case needs.
    const s3 = new S3Client({ ...common, endpoint: stack.s3.endpoint, forcePathStyle: true });
    const deliveries: [string, Uint8Array][] = [
      ['m-confirm', citizenMail({ body: `About CR-000418.\n${NINO_AND_DOB}` })],
      ['m-not-me', citizenMail({ body: `Re: cr-000418 ${NINO_AND_DOB}` })],
      ['m-expire', citizenMail({ body: `CR-000418 ${NINO_AND_DOB}` })],
      ['m-sms', citizenMail({ body: `My reference is CR-000532. ${NINO_AND_DOB}` })],
      ['m-forged', citizenMail({ spf: 'fail', dkim: 'fail', dmarc: 'fail', body: NINO_AND_DOB })],
    ];
    for (const [id, raw] of deliveries)
      await s3.send(
        new PutObjectCommand({ Bucket: stack.bucket, Key: `inbound/${MAILBOX}/${id}`, Body: raw }),
      );
    s3.destroy();
    await stack.queue.drained();
  }, 180_000);

  afterAll(async () => {
    db?.destroy();
    await test?.stop();
  });

  const stages = async (id: string) =>
    (await test.probe.entries(id)).map((e) => `${e.stage}${e.action ? `:${e.action}` : ''}`);
  const exists = async (key: string) =>
    (await test.probe.objectKeys(key.split('/').at(-1) ?? '')).includes(key);
  /** The link path of the request emailed to Jo about `id`: the one whose token hashes to its hold's. */
  const linkFor = async (id: string) => {
    const hold = await db.send(
      new GetCommand({ TableName: stack.tables.holds, Key: { holdKey: `${MAILBOX}/${id}` } }),
    );
    const paths = (await stack.ses.sent())
      .filter((m) => m.destination.to.includes(JO))
      .map((m) => m.body.text?.match(TOKEN)?.[1] ?? '');
    const path = paths.find(
      (p) => p && linkHash(p.slice('/confirm/'.length)) === hold.Item?.confirmationHash,
    );
    if (!path) throw new Error(`no confirmation request for ${id}`);
    return path;
  };
  /** Opens the link and reads the form as a browser would: its cookie and its CSRF field. */
  const openForm = async (path: string) => {
    const page = await fetch(`${stack.confirm.url}${path}`);
    const cookie = (page.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const csrf = (await page.text()).match(/name="csrf" value="([^"]+)"/)?.[1] ?? '';
    return { path, cookie, csrf };
  };
  const post = (form: Awaited<ReturnType<typeof openForm>>, value: 'confirm' | 'not-me') =>
    fetch(`${stack.confirm.url}${form.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: form.cookie },
      body: new URLSearchParams({ csrf: form.csrf, answer: value }).toString(),
      redirect: 'manual',
    });
  const answer = async (path: string, value: 'confirm' | 'not-me') => post(await openForm(path), value);
  let confirmedForm: Awaited<ReturnType<typeof openForm>>;

  it('emails the validated address, then a confirmation has the ingest release and protect the message', async () => {
    const path = await linkFor('m-confirm');
    const mail = (await stack.ses.sent()).find((m) => m.body.text?.includes(path));
    expect(mail?.destination.to).toEqual([JO]);
    expect(mail?.body.text).not.toContain('JT 48');
    expect(
      (await stack.ses.sent()).some((m) => m.destination.to.includes('alex.morgan@example-mail.co.uk')),
    ).toBe(false);

    confirmedForm = await openForm(path);
    const response = await post(confirmedForm, 'confirm');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Thank you for confirming');
    // The page asked for the release on the ingest queue; the ingest handler does it.
    await stack.queue.drained();
    expect(await exists(`inbound/${MAILBOX}/m-confirm`)).toBe(false);
    expect(await exists(`ciphertext/${MAILBOX}/m-confirm`)).toBe(true);
    expect(await stages('m-confirm')).toEqual([
      'classify:hold',
      'hold:hold',
      'confirm-request:hold',
      'confirmed:hold',
      'released:protect',
    ]);
    const actors = (await test.probe.entries('m-confirm')).map((e) => `${e.stage}:${e.actor}`);
    expect(actors.slice(-2)).toEqual(['confirmed:caveat-confirm', 'released:caveat-ingest']);
    const notice = (await stack.ses.sent()).find((m) => m.subject.includes('Protected message m-confirm'));
    expect(notice?.destination.to).toEqual(['uc-officers@dwp.example.gov.uk']);
  });

  it('refuses a used link', async () => {
    // The same request again, cookie and CSRF token included: the link itself is spent.
    const replay = await post(confirmedForm, 'confirm');
    expect(replay.status).toBe(410);
    expect(await replay.text()).toContain('This link has already been used');
    const opened = await fetch(`${stack.confirm.url}${confirmedForm.path}`);
    expect(opened.status).toBe(410);
    await stack.queue.drained();
    expect((await stages('m-confirm')).filter((s) => s.startsWith('released'))).toHaveLength(1);
  });

  it('deletes the message when the citizen did not send it', async () => {
    const response = await answer(await linkFor('m-not-me'), 'not-me');
    expect(await response.text()).toContain('We have deleted the email');
    expect(await exists(`inbound/${MAILBOX}/m-not-me`)).toBe(false);
    expect((await stages('m-not-me')).at(-1)).toBe('not-me:hold');
  });

  it('deletes the message when nobody confirms in time', async () => {
    expect(await exists(`inbound/${MAILBOX}/m-expire`)).toBe(true);
    await db.send(
      new UpdateCommand({
        TableName: stack.tables.holds,
        Key: { holdKey: `${MAILBOX}/m-expire` },
        UpdateExpression: 'SET confirmBy = :past',
        ExpressionAttributeValues: { ':past': Math.floor(Date.now() / 1000) - 1 },
      }),
    );
    expect(await stack.confirm.expireLapsed()).toBe(1);
    expect(await exists(`inbound/${MAILBOX}/m-expire`)).toBe(false);
    expect((await stages('m-expire')).at(-1)).toBe('hold-expired:hold');
    const page = await fetch(`${stack.confirm.url}${await linkFor('m-expire')}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This link has expired');
  });

  it('texts a citizen whose only contact point is a mobile, to the local SMS outbox', async () => {
    const texts = await stack.sms.sent();
    expect(texts).toEqual([
      expect.objectContaining({
        to: '+447400123456',
        templateId: 'caveat-confirm-request-v1',
        body: expect.stringMatching(TOKEN),
      }),
    ]);
    expect(texts[0]?.body).not.toContain('JT 48');
  });

  it('sends nothing to a sender whose SPF and DKIM both failed', async () => {
    // Every other message from Alex passed SPF and named a citizen, so Alex is never written to.
    expect(
      (await stack.ses.sent()).filter((m) => m.destination.to.includes('alex.morgan@example-mail.co.uk')),
    ).toEqual([]);
    const request = (
      await db.send(
        new GetCommand({
          TableName: stack.tables.decisions,
          Key: { messageId: 'm-forged', seq: `${MAILBOX}#3#confirm-request` },
        }),
      )
    ).Item;
    expect(request?.outcome).toEqual({
      route: 'none',
      reason: 'sender-unauthenticated',
      request: 'not-sent',
    });
  });
});
