/** Report fixtures (test/fixtures/reports/) and report messages built around them. */
import { readFileSync } from 'node:fs';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';

export function reportFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(new URL(`../fixtures/reports/${name}`, import.meta.url)));
}

/** A report message as a receiver sends one: a short text part and the report attached. */
export async function reportMessage(options: {
  readonly to: string;
  readonly filename: string;
  readonly contentType: string;
  readonly content: Uint8Array;
  readonly from?: string;
}): Promise<Uint8Array> {
  const mail = new MailComposer({
    from: options.from ?? 'noreply-dmarc@example-provider.net',
    to: options.to,
    subject: 'Report Domain: caveat.example.gov.uk Submitter: example-provider.net Report-ID: <17f3a2c9>',
    text: 'This is an aggregate report from example-provider.net.',
    attachments: [
      { filename: options.filename, contentType: options.contentType, content: Buffer.from(options.content) },
    ],
  });
  return new Uint8Array(await mail.compile().build());
}
