/** Citizen messages for the confirmation tests: sample 02 with its sender, verdicts and body varied. */
import { readFileSync } from 'node:fs';

const SAMPLE = readFileSync(
  new URL('../../samples/02-citizen-unverified-nino-dob.eml', import.meta.url),
  'utf8',
);

export interface CitizenMailOptions {
  readonly from?: string;
  readonly body?: string;
  readonly spf?: 'pass' | 'fail';
  readonly dkim?: 'pass' | 'fail';
  readonly dmarc?: 'pass' | 'fail';
}

export const NINO_AND_DOB =
  'My National Insurance number is JT 48 29 61 B and my date of birth is 14/02/1987.';

export function citizenMail(options: CitizenMailOptions = {}): Uint8Array {
  const [head = '', ...rest] = SAMPLE.split(/\r?\n\r?\n/);
  const headers = head
    .replace(/spf=pass/g, `spf=${options.spf ?? 'pass'}`)
    .replace(/Received-SPF: pass/, `Received-SPF: ${options.spf ?? 'pass'}`)
    .replace(/dkim=pass/g, `dkim=${options.dkim ?? 'pass'}`)
    .replace(/dmarc=pass/g, `dmarc=${options.dmarc ?? 'pass'}`)
    .replace(/^From: .*$/m, `From: ${options.from ?? 'Alex Morgan <alex.morgan@example-mail.co.uk>'}`);
  const body = options.body ?? rest.join('\n\n');
  return new TextEncoder().encode(`${headers}\n\n${body}\n`);
}
