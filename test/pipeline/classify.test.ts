import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DWP_PACK } from '../../policies/dwp/index.ts';
import { detectAll } from '../../shared/detect/registry.ts';
import { classifyMessage } from '../../shared/pipeline/classify.ts';
import type { ContactRegister } from '../../shared/pipeline/ports.ts';

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
  classifyMessage({ pack: DWP_PACK, contacts: register, detect: (t) => detectAll(t), trustedPartners });

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
});
