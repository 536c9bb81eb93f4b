/**
 * Reports on the local stack: a gzip'd DMARC aggregate report and a malformed TLS report sent over
 * SMTP to the reporting addresses, received by the listener, parsed by the real handler, recorded
 * in DynamoDB Local and kept under reports/ in the S3 server.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smtpSender } from '../../local/smtp-sender.ts';
import { type LocalStack, startLocalStack } from '../../local/stack.ts';
import { localCacheDir, stackClients } from '../local/support.ts';
import { reportFixture, reportMessage } from '../reports/fixtures.ts';

const root = join(import.meta.dirname, '..', '..');

describe('reports over SMTP on the local stack', () => {
  let stack: LocalStack;
  let clients: ReturnType<typeof stackClients>;
  const dataDir = mkdtempSync(join(tmpdir(), 'caveat-reports-'));
  const ids = { dmarc: '', tls: '' };

  beforeAll(async () => {
    stack = await startLocalStack({
      dataDir,
      cacheDir: localCacheDir(),
      rootDir: root,
      inMemory: true,
      contactsFile: null,
    });
    clients = stackClients(stack);
    const { dmarcReportAddress, tlsReportAddress } = stack.config.domain;
    const sender = smtpSender({ host: stack.smtp.host, port: stack.smtp.port });
    try {
      const [dmarc, tls] = await sender.sendAll([
        {
          raw: Buffer.from(
            await reportMessage({
              to: dmarcReportAddress,
              filename: 'example-provider.net!caveat.example.gov.uk!1795305600!1795391999.xml.gz',
              contentType: 'application/gzip',
              content: reportFixture('dmarc-aggregate.xml.gz'),
            }),
          ),
          from: 'noreply-dmarc@example-provider.net',
          to: [dmarcReportAddress],
          helo: 'mx.example-provider.net',
        },
        {
          raw: Buffer.from(
            await reportMessage({
              to: tlsReportAddress,
              from: 'tls-reporting@example-provider.net',
              filename: 'example-provider.net!caveat.example.gov.uk!1795305600!1795391999.json',
              contentType: 'application/tlsrpt+json',
              content: reportFixture('tls-report-not-json.json'),
            }),
          ),
          from: 'tls-reporting@example-provider.net',
          to: [tlsReportAddress],
          helo: 'mx.example-provider.net',
        },
      ]);
      ids.dmarc = dmarc?.messageId ?? '';
      ids.tls = tls?.messageId ?? '';
    } finally {
      sender.close();
    }
    await stack.queue.drained();
  }, 180_000);

  afterAll(async () => {
    clients?.destroy();
    await stack?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const entries = (messageId: string) => clients.auditEntries(messageId);
  const exists = (key: string) => clients.objectExists(key);

  it('accepts mail for the reporting addresses', () => {
    expect(ids.dmarc).toMatch(/\S/);
    expect(ids.tls).toMatch(/\S/);
  });

  it('records the gzip DMARC report with its failing sources, not a classification', async () => {
    const address = stack.config.domain.dmarcReportAddress;
    const recorded = await entries(ids.dmarc);
    expect(recorded.map((e) => e.stage)).toEqual(['report']);
    expect(recorded[0]).toMatchObject({
      mailbox: address,
      report: {
        kind: 'dmarc',
        status: 'parsed',
        compression: 'gzip',
        reporter: 'mail.example-provider.net',
        messages: 457,
        failingMessages: 40,
        failingSources: [
          { sourceIp: '203.0.113.77', count: 37 },
          { sourceIp: '2001:db8:1f70::25', count: 3 },
        ],
      },
    });
    expect(recorded[0]?.classification).toBeUndefined();
    expect(await exists(`reports/${address}/${ids.dmarc}`)).toBe(true);
    expect(await exists(`inbound/${address}/${ids.dmarc}`)).toBe(false);
  });

  it('records a malformed TLS report with the reason, keeps it, and dead-letters nothing', async () => {
    const address = stack.config.domain.tlsReportAddress;
    const [entry] = await entries(ids.tls);
    expect(entry?.report).toMatchObject({
      kind: 'tls-rpt',
      status: 'malformed',
      error: expect.stringMatching(/^TLS report: not valid JSON/),
    });
    expect(await exists(`reports/${address}/${ids.tls}`)).toBe(true);
    expect(existsSync(join(dataDir, 'dead-letters'))).toBe(false);
  });
});
