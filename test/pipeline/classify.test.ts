import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import { detectAll } from '../../shared/detect/registry.ts';
import { inProcessDocumentText } from '../../shared/mail/in-process-document-text.ts';
import { classifyMessage } from '../../shared/pipeline/classify.ts';
import { maskedCopy } from '../../shared/pipeline/masked-copy.ts';
import type { ContactRegister } from '../../shared/pipeline/ports.ts';
import { mimeMessage, zipBytes } from '../mail/mime-builder.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/mail/${name}`, import.meta.url));

/** An in-memory register that remembers what it was asked. */
function contacts(validated: string[]): ContactRegister & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    isValidatedContact: async (address) => {
      asked.push(address);
      return validated.includes(address);
    },
  };
}

const classifier = (register: ContactRegister, trustedPartners: string[] = []) =>
  classifyMessage({
    pack: DWP_PACK,
    contacts: register,
    detect: (t) => detectAll(t),
    documents: inProcessDocumentText,
    trustedPartners,
  });

describe('classifyMessage', () => {
  it('reads, scans and judges a message, trusting a gov.uk sender whose DMARC passed', async () => {
    const register = contacts([]);
    const { decision, read } = await classifier(register)(fixture('ses-pass.eml'));
    expect(read.readable).toBe(true);
    expect(decision).toMatchObject({
      classification: 'OFFICIAL',
      action: 'deliver',
      policy: { id: 'dwp', version: DWP_PACK.version },
      sender: { address: 'casework@hmrc-example.gov.uk', domain: 'hmrc-example.gov.uk', trust: 'trusted' },
    });
    expect(register.asked).toEqual(['casework@hmrc-example.gov.uk']);
  });

  it('ignores SES-looking headers forged lower in the message', async () => {
    const { decision } = await classifier(contacts([]))(fixture('ses-forged-lower.eml'));
    expect(decision.verdicts.virus).toBe('FAIL');
    expect(decision.action).toBe('quarantine');
  });

  it('quarantines a message with two From headers without asking the register', async () => {
    const register = contacts([]);
    const { decision } = await classifier(register)(fixture('two-from.eml'));
    expect(decision.rules.at(-1)?.id).toBe('FROM-NOT-SINGLE');
    expect(register.asked).toEqual([]);
  });

  it('quarantines unreadable input as MALFORMED and keeps the reason', async () => {
    const { decision, read } = await classifier(contacts([]))(new Uint8Array([0, 159, 146, 150, 0, 0]));
    expect(read.readable).toBe(false);
    expect(decision).toMatchObject({
      action: 'quarantine',
      rules: [expect.objectContaining({ id: 'MALFORMED' })],
    });
  });

  it('scans CSV attachments and holds their personal data when SES could not vouch for the sender', async () => {
    const { decision } = await classifier(contacts([]))(fixture('csv-attachment.eml'));
    const address = decision.findings.find((f) => f.type === 'POSTAL_ADDRESS');
    expect(address?.locations).toEqual(['attachment:export.csv']);
    expect(decision).toMatchObject({ action: 'hold', sender: { trust: 'unverified' } });
  });

  describe('attachments inside a zip', () => {
    const officer =
      'From: Officer <casework@hmrc-example.gov.uk>\r\nTo: team@agency-example.gov.uk\r\nSubject: Files';
    const zipped = (entries: Record<string, Uint8Array>) =>
      mimeMessage({
        headers: officer,
        attachments: [{ filename: 'files.zip', type: 'application/zip', bytes: zipBytes(entries) }],
      });
    const utf8 = (s: string) => new TextEncoder().encode(s);

    it('finds personal data in a zipped spreadsheet and counts its records (held: SES vouched for no one)', async () => {
      const rows = Array.from({ length: 600 }, (_, i) => `Person ${i},${1 + (i % 28)}/03/1970`);
      const raw = zipped({ 'claimants.csv': utf8(['name,date of birth', ...rows].join('\n')) });
      const { decision } = await classifier(contacts([]))(raw);
      expect(decision).toMatchObject({
        classification: 'OFFICIAL-SENSITIVE',
        action: 'hold',
        records: 600,
      });
      expect(decision.findings.find((f) => f.type === 'DATE_OF_BIRTH')?.locations).toEqual([
        'attachment:files.zip/claimants.csv',
      ]);
      expect(decision.rules.map((r) => r.id)).not.toContain('DWP-1.2-UNSCANNED');
    });

    it('delivers a zip of harmless documents that were all read', async () => {
      const { decision } = await classifier(contacts([]))(
        zipped({ 'minutes.txt': utf8('Minutes of the team meeting') }),
      );
      expect(decision).toMatchObject({ classification: 'OFFICIAL', action: 'deliver' });
    });

    it('protects a zip holding an archive it did not open', async () => {
      const inner = zipBytes({ 'a.txt': utf8('hello') });
      const { decision } = await classifier(contacts([]))(zipped({ 'more.zip': inner }));
      expect(decision).toMatchObject({ classification: 'OFFICIAL-SENSITIVE', action: 'protect' });
      expect(decision.rules.map((r) => r.id)).toContain('DWP-1.2-UNSCANNED');
    });

    it('withholds the whole zip from a masked copy when an entry holds a card number', async () => {
      const raw = zipped({ 'payment.txt': utf8('Please take payment from card 4111 1111 1111 1111 thanks') });
      const { decision, read } = await classifier(contacts([]))(raw);
      expect(decision.mask).toContain('PAYMENT_CARD');
      if (!read.readable) throw new Error('unreadable');
      expect(maskedCopy(read.mail, decision, (t) => detectAll(t)).withheld).toEqual(['files.zip']);
    });
  });
});
