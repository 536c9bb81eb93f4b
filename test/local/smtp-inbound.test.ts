import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type DkimKeys, loadDkimKeys } from '../../local/dkim-keys.ts';
import { DEMO_DKIM_SELECTOR, DEMO_SENDER_IPS, demoZone, zoneResolver } from '../../local/dns-zone.ts';
import { type SmtpInbound, startSmtpInbound } from '../../local/smtp-inbound.ts';
import { EICAR_TEST_STRING, GTUBE_TEST_STRING } from '../../local/test-string-scan.ts';
import { readHeaderSection } from '../../shared/mail/header-section.ts';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import { readMail } from '../../shared/mail/read-mail.ts';
import { parseInboundKey } from '../../shared/pipeline/mail-keys.ts';

const MAILBOX = 'universal.credit@caveat-demo.gov.uk';
const OTHER_MAILBOX = 'credyd.cynhwysol@caveat-demo.gov.uk';
const HOSTNAME = 'inbound-smtp.local';
const SES_BLOCK = [
  'return-path',
  'received',
  'x-ses-spam-verdict',
  'x-ses-virus-verdict',
  'received-spf',
  'authentication-results',
  'x-ses-receipt',
];

// The address each sending host "connects from": loopback stands in for all of them.
const IP_BY_HELO: Readonly<Record<string, string>> = {
  'mail.example-mail.co.uk': DEMO_SENDER_IPS.citizenIsp,
  'mail.dwp.gov.uk': DEMO_SENDER_IPS.government,
  'mail.elsewhere.example': DEMO_SENDER_IPS.other,
};

interface Sent {
  readonly helo: string;
  readonly envelope: { readonly from: string; readonly to: string | string[] };
  readonly message: Omit<Mail.Options, 'envelope'>;
  readonly dkim?: DkimKeys & { readonly domain: string };
}

async function send(port: number, { helo, envelope, message, dkim }: Sent) {
  const transport = createTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    ignoreTLS: true,
    name: helo,
    ...(dkim
      ? { dkim: { domainName: dkim.domain, keySelector: DEMO_DKIM_SELECTOR, privateKey: dkim.privateKeyPem } }
      : {}),
  });
  try {
    return await transport.sendMail({ ...message, envelope });
  } finally {
    transport.close();
  }
}

/** The SMTP error nodemailer rejected with. */
async function smtpFailure(sending: Promise<unknown>): Promise<{ responseCode?: number; response?: string }> {
  const error = await sending.then(
    () => undefined,
    (e: unknown) => e as { responseCode?: number; response?: string },
  );
  if (!error) throw new Error('expected the server to refuse the message');
  return error;
}

const citizen = (message: Partial<Mail.Options> = {}): Sent => ({
  helo: 'mail.example-mail.co.uk',
  envelope: { from: 'sam.citizen@example-mail.co.uk', to: MAILBOX },
  message: {
    from: 'Sam Citizen <sam.citizen@example-mail.co.uk>',
    to: MAILBOX,
    subject: 'Opening hours',
    text: 'Is the Jobcentre open between Christmas and New Year?',
    ...message,
  },
});

describe('local SMTP inbound (SES stand-in)', () => {
  let dataDir: string;
  let keys: DkimKeys;
  let smtp: SmtpInbound;
  const written = new Map<string, Uint8Array>();
  let failWrites = false;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'caveat-smtp-'));
    keys = loadDkimKeys(dataDir);
    smtp = await startSmtpInbound({
      hostname: HOSTNAME,
      mailboxes: [MAILBOX, OTHER_MAILBOX.toUpperCase()],
      resolver: zoneResolver(demoZone({ dkimPublicKeyPem: keys.publicKeyPem })),
      clientIp: ({ helo, remoteAddress }) => IP_BY_HELO[helo] ?? remoteAddress,
      writeRaw: async (key, raw) => {
        if (failWrites) throw new Error('bucket unavailable');
        written.set(key, raw);
      },
    });
  });
  afterAll(async () => {
    await smtp?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => {
    written.clear();
    failWrites = false;
  });

  const only = (): { key: string; raw: Uint8Array } => {
    expect(written.size).toBe(1);
    const [[key, raw]] = [...written] as [[string, Uint8Array]];
    return { key, raw };
  };
  const verdictsOf = async (raw: Uint8Array) => {
    const outcome = await readMail(raw, inProcessDocumentText);
    if (!outcome.readable) throw new Error(`unreadable: ${outcome.detail}`);
    return outcome.mail;
  };

  it('writes an accepted message under inbound/<mailbox>/<message id> with SES headers on top', async () => {
    const info = await send(smtp.port, citizen());
    expect(info.accepted).toEqual([MAILBOX]);

    const { key, raw } = only();
    const parsed = parseInboundKey(key);
    expect(parsed.mailbox).toBe(MAILBOX);
    expect(parsed.messageId).toMatch(/^[0-9a-z]{40}$/);
    expect(info.response).toMatch(new RegExp(`^250 2\\.\\d\\.\\d Ok ${parsed.messageId}$`));
    const fields = readHeaderSection(raw).fields;
    expect(fields.slice(0, SES_BLOCK.length).map((f) => f.key)).toEqual(SES_BLOCK);
    expect(fields[0]?.value).toBe('<sam.citizen@example-mail.co.uk>');
    expect(fields[1]?.value).toContain(
      `from mail.example-mail.co.uk (mail.example-mail.co.uk [${DEMO_SENDER_IPS.citizenIsp}]) by ${HOSTNAME} with SMTP id ${parsed.messageId} for ${MAILBOX};`,
    );
    expect(fields[SES_BLOCK.length]?.key).not.toMatch(/^x-ses-|^authentication-results$/);
    const mail = await verdictsOf(raw);
    expect(mail.subject).toBe('Opening hours');
    expect(mail.text).toContain('Jobcentre');
  });

  it('writes one object per shared mailbox, each naming only its own recipient', async () => {
    const both = [MAILBOX, OTHER_MAILBOX];
    await send(smtp.port, {
      ...citizen({ to: both }),
      envelope: { from: 'sam.citizen@example-mail.co.uk', to: both },
    });

    const keys = [...written.keys()].map(parseInboundKey);
    expect(keys.map((k) => k.mailbox).sort()).toEqual([OTHER_MAILBOX, MAILBOX].sort());
    expect(new Set(keys.map((k) => k.messageId)).size).toBe(1);
    for (const { objectKey, mailbox } of keys) {
      const received = readHeaderSection(written.get(objectKey)!).fields[1]!.value;
      expect(received).toContain(`for ${mailbox};`);
    }
  });

  it('refuses an unknown recipient at RCPT TO with 550 5.1.1', async () => {
    const failure = await smtpFailure(
      send(smtp.port, {
        ...citizen(),
        envelope: { from: 'sam.citizen@example-mail.co.uk', to: 'nobody@caveat-demo.gov.uk' },
      }),
    );
    expect(failure.responseCode).toBe(550);
    expect(failure.response).toMatch(/^550 5\.1\.1 /);
    expect(written.size).toBe(0);
  });

  it('passes SPF, DKIM and DMARC for a signed message from inside its SPF range, as readMail reads them', async () => {
    await send(smtp.port, { ...citizen(), dkim: { ...keys, domain: 'example-mail.co.uk' } });

    const { raw } = only();
    const ar = readHeaderSection(raw).fields.find((f) => f.key === 'authentication-results')!.value;
    expect(ar).toMatch(/^amazonses\.com;/);
    expect(ar).toContain('dkim=pass header.i=@example-mail.co.uk;');
    expect((await verdictsOf(raw)).verdicts).toEqual({
      spam: 'PASS',
      virus: 'PASS',
      spf: 'pass',
      dkim: 'pass',
      dmarc: 'pass',
      dmarcHeaderFrom: 'example-mail.co.uk',
    });
  });

  it('fails DMARC for a gov.uk From sent from outside its SPF range without DKIM', async () => {
    await send(smtp.port, {
      helo: 'mail.elsewhere.example',
      envelope: { from: 'payments@dwp.gov.uk', to: MAILBOX },
      message: {
        from: 'DWP Payments <payments@dwp.gov.uk>',
        to: MAILBOX,
        subject: 'Urgent',
        text: 'Confirm payee.',
      },
    });

    const { verdicts } = await verdictsOf(only().raw);
    expect(verdicts).toMatchObject({
      spf: 'fail',
      dkim: 'none',
      dmarc: 'fail',
      dmarcHeaderFrom: 'dwp.gov.uk',
    });
  });

  it('gives virus FAIL for the EICAR test file in an attachment', async () => {
    await send(
      smtp.port,
      citizen({ attachments: [{ filename: 'eicar.com', content: Buffer.from(EICAR_TEST_STRING) }] }),
    );
    expect((await verdictsOf(only().raw)).verdicts).toMatchObject({ virus: 'FAIL', spam: 'PASS' });
  });

  it('gives spam FAIL for the GTUBE test string', async () => {
    await send(smtp.port, citizen({ text: `Win a prize!\n${GTUBE_TEST_STRING}\n` }));
    expect((await verdictsOf(only().raw)).verdicts).toMatchObject({ spam: 'FAIL', virus: 'PASS' });
  });

  it("keeps a sender's own SES-looking block below the new one, where it is not believed", async () => {
    // A demo sample: it carries an older simulated SES block saying pass throughout.
    const sample = readFileSync(join(import.meta.dirname, '../../samples/01-citizen-general-enquiry.eml'));
    await send(smtp.port, {
      helo: 'mail.elsewhere.example',
      envelope: { from: 'sam.citizen@example-mail.co.uk', to: MAILBOX },
      message: { raw: sample },
    });

    const { raw } = only();
    const results = readHeaderSection(raw).fields.filter((f) => f.key === 'authentication-results');
    expect(results).toHaveLength(2);
    expect(results[1]!.value).toContain('dmarc=pass');
    expect((await verdictsOf(raw)).verdicts).toMatchObject({ spf: 'fail', dkim: 'none', dmarc: 'fail' });
  });

  it("does not let a crafted MAIL FROM or HELO write a result into SES's block", async () => {
    await send(smtp.port, {
      helo: 'mail.elsewhere.example;dmarc=pass',
      envelope: { from: '"x;dmarc=pass;"@dwp.gov.uk', to: MAILBOX },
      message: { from: 'DWP <payments@dwp.gov.uk>', to: MAILBOX, subject: 'Urgent', text: 'Confirm payee.' },
    });

    const { raw } = only();
    const ar = readHeaderSection(raw).fields.find((f) => f.key === 'authentication-results')!.value;
    expect(ar).not.toMatch(/;\s*dmarc=pass/);
    expect((await verdictsOf(raw)).verdicts).toMatchObject({ dmarc: 'fail' });
  });

  it('answers 451 4.3.0 when the object cannot be written, so the sender retries', async () => {
    failWrites = true;
    const failure = await smtpFailure(send(smtp.port, citizen()));
    expect(failure.responseCode).toBe(451);
    expect(failure.response).toMatch(/^451 4\.3\.0 /);
  });
});

describe('local SMTP inbound size limit', () => {
  const LIMIT = 16 * 1024;
  let smtp: SmtpInbound;
  const written: string[] = [];
  beforeAll(async () => {
    smtp = await startSmtpInbound({
      hostname: HOSTNAME,
      mailboxes: [MAILBOX],
      maxMessageBytes: LIMIT,
      resolver: zoneResolver({}),
      writeRaw: async (key) => {
        written.push(key);
      },
    });
  });
  afterAll(async () => {
    await smtp?.stop();
  });

  it('advertises the limit with SIZE', async () => {
    expect(await ehlo(smtp.port)).toMatch(new RegExp(`^250[- ]SIZE ${LIMIT}\\r$`, 'm'));
  });

  it('refuses an over-size message with 552 5.3.4 and writes nothing', async () => {
    const failure = await smtpFailure(send(smtp.port, citizen({ text: 'x'.repeat(LIMIT * 2) })));
    expect(failure.responseCode).toBe(552);
    expect(failure.response).toMatch(/^552 5\.3\.4 /);
    expect(written).toEqual([]);
  });
});

/** The EHLO reply, read over a bare socket. */
function ehlo(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    let greeted = false;
    let reply = '';
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (!greeted && /^220 .*\r\n/.test(reply)) {
        greeted = true;
        reply = '';
        socket.write('EHLO client.example\r\n');
      } else if (greeted && /^250 .*\r\n/m.test(reply)) {
        socket.end('QUIT\r\n');
        resolve(reply);
      }
    });
    socket.connect(port, '127.0.0.1');
  });
}
