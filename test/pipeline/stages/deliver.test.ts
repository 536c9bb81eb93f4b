import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PACKS } from '../../../policies/index.ts';
import { detectAll } from '../../../shared/detect/registry.ts';
import { inProcessDocumentText } from '../../../shared/mail/in-process-document-text.ts';
import { classifyMessage } from '../../../shared/pipeline/classify.ts';
import { parseInboundKey } from '../../../shared/pipeline/mail-keys.ts';
import { deliverStage } from '../../../shared/pipeline/stages/deliver.ts';
import { MemoryContacts, MemoryLedger, RecordingMailer } from '../fakes.ts';

const raw = new Uint8Array(
  readFileSync(new URL('../../../samples/08-citizen-card-number.eml', import.meta.url)),
);

describe('deliverStage with a masking rule (DWP Email Policy 1.10)', () => {
  it('sends a masked copy instead of the original, and never the card number', async () => {
    const pack = BUILT_IN_PACKS.dwp;
    if (!pack) throw new Error('dwp pack missing');
    const classified = await classifyMessage({
      pack,
      contacts: new MemoryContacts(['pat.jones@example-mail.co.uk']),
      detect: detectAll,
      documents: inProcessDocumentText,
    })(raw);
    expect(classified.decision.mask).toEqual(['PAYMENT_CARD']);
    // A pack that lets card data through as OFFICIAL still masks it on the way out.
    const decision = {
      ...classified.decision,
      classification: 'OFFICIAL' as const,
      action: 'deliver' as const,
    };
    const mailer = new RecordingMailer();
    const key = parseInboundKey('inbound/uc@caveat.example.gov.uk/m1');

    const result = await deliverStage({ mailer, ledger: new MemoryLedger(), detect: detectAll })({
      key,
      raw,
      read: classified.read,
      decision,
      teamMailbox: 'team@dwp.example.gov.uk',
      notice: { messageId: 'm1', mailbox: key.mailbox, receivedAt: new Date('2026-11-23T09:00:00Z') },
    });

    const sent = new TextDecoder().decode(mailer.sent[0]?.raw);
    expect(sent).not.toMatch(/4929\s?4205\s?7359\s?5063/);
    expect(sent).not.toContain('message/rfc822');
    const [mail] = await mailer.parsed();
    expect(mail?.text).toContain('Message (masked)');
    expect(mail?.text).toMatch(/\*{4,}.{0,8}5063/);
    expect(result.outcome).toMatchObject({ masked: true, delivery: 'sent' });
  });
});
