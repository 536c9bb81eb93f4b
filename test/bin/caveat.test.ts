import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../bin/caveat.ts';

const root = path.resolve(import.meta.dirname, '../..');
const samples = path.join(root, 'samples');
const contacts = path.join(samples, 'contacts.csv');

async function run(argv: string[], stdin = '') {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, {
    out: (l) => out.push(l),
    err: (l) => err.push(l),
    stdin: async () => stdin,
  });
  return { code, out, err };
}

function jsonLines(lines: string[]) {
  return lines.flatMap((l) => l.split('\n')).map((l) => JSON.parse(l) as Record<string, unknown>);
}

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'caveat-cli-'));
});

describe('caveat classify', () => {
  it('decides every bundled sample as the quick start promises', async () => {
    const { code, out, err } = await run(['classify', '--json', '--contacts', contacts, samples]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const byFile = Object.fromEntries(
      jsonLines(out).map((d) => [path.basename(String(d.file)), `${d.action} ${d.classification}`]),
    );
    expect(byFile).toEqual({
      '01-citizen-general-enquiry.eml': 'deliver OFFICIAL',
      '02-citizen-unverified-nino-dob.eml': 'hold OFFICIAL-SENSITIVE',
      '03-verified-citizen-bank-details.eml': 'protect OFFICIAL-SENSITIVE',
      '04-officer-marked-sensitive.eml': 'protect OFFICIAL-SENSITIVE',
      '05-officer-official-nino.eml': 'deliver OFFICIAL',
      '06-spoofed-gov-sender.eml': 'quarantine OFFICIAL-SENSITIVE',
      '07-virus-verdict.eml': 'quarantine OFFICIAL',
      '08-citizen-card-number.eml': 'hold OFFICIAL-SENSITIVE',
      '09-council-bulk-csv.eml': 'protect OFFICIAL-SENSITIVE',
      '10-executable-attachment.eml': 'quarantine OFFICIAL',
      '11-spam-verdict.eml': 'quarantine OFFICIAL',
      '12-welsh-citizen-health.eml': 'protect OFFICIAL-SENSITIVE',
      '13-two-from-headers.eml': 'quarantine OFFICIAL',
      '14-nhs-partner-health.eml': 'protect OFFICIAL-SENSITIVE',
      '15-officer-passport-check.eml': 'deliver OFFICIAL',
    });
  });

  it('prints the JSON Lines shape the docs describe, with values masked', async () => {
    const { out } = await run(['classify', '--json', path.join(samples, '08-citizen-card-number.eml')]);
    const [decision] = jsonLines(out);
    expect(decision).toMatchObject({
      classification: 'OFFICIAL-SENSITIVE',
      action: 'hold',
      mask: ['PAYMENT_CARD'],
      sender: { trust: 'unverified', domain: 'example-mail.co.uk' },
      policy: { id: 'dwp' },
    });
    expect(decision?.findings).toContainEqual(expect.objectContaining({ type: 'PAYMENT_CARD', count: 1 }));
    expect(JSON.stringify(decision)).not.toMatch(/4929\s?4205/);
  });

  it('holds a verified-looking citizen when no contacts register is given', async () => {
    const { out } = await run([
      'classify',
      '--json',
      path.join(samples, '03-verified-citizen-bank-details.eml'),
    ]);
    expect(jsonLines(out)[0]).toMatchObject({ action: 'hold', sender: { trust: 'unverified' } });
  });

  it('prints a table by default', async () => {
    const { code, out } = await run(['classify', path.join(samples, '06-spoofed-gov-sender.eml')]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^FILE\s+CLASSIFICATION\s+ACTION\s+FINDINGS\s+RULES$/);
    expect(out[2]).toMatch(/06-spoofed-gov-sender\.eml\s+OFFICIAL-SENSITIVE\s+QUARANTINE/);
  });

  it('exits 1 when a file cannot be read, after deciding the others', async () => {
    const missing = path.join(scratch, 'missing.eml');
    const { code, out, err } = await run([
      'classify',
      '--json',
      missing,
      path.join(samples, '01-citizen-general-enquiry.eml'),
    ]);
    expect(code).toBe(1);
    expect(err).toEqual([`caveat: cannot read ${missing}: no such file or directory`]);
    expect(jsonLines(out)).toHaveLength(1);
  });

  it('quarantines binary junk as MALFORMED rather than failing', async () => {
    const junk = path.join(scratch, 'junk.eml');
    writeFileSync(junk, Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
    const { code, out } = await run(['classify', '--json', junk]);
    expect(code).toBe(0);
    expect(jsonLines(out)[0]).toMatchObject({ action: 'quarantine' });
  });

  it.each([
    [['classify'], /needs at least one message file/],
    [['classify', '--bogus', 'x.eml'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['classify', '--policy', 'no-such-pack', samples], /no-such-pack/],
  ])('exits 2 with a clear message for %j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err.join('\n')).toMatch(message);
  });

  it('exits 2 naming the problem when the contacts file has no email column', async () => {
    const bad = path.join(scratch, 'contacts.csv');
    writeFileSync(bad, 'name\nJo\n');
    const { code, err } = await run(['classify', '--contacts', bad, samples]);
    expect(code).toBe(2);
    expect(err[0]).toBe(`caveat: ${bad}: no "email" column (columns found: name)`);
  });

  it('exits 2 when a directory holds no message files', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'caveat-empty-'));
    const { code, err } = await run(['classify', empty]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/no message files/);
  });
});

describe('caveat detect', () => {
  it('reports findings with offsets from standard input', async () => {
    const text = 'My NI number is JT 48 29 61 B.';
    const { code, out } = await run(['detect', '--json'], text);
    expect(code).toBe(0);
    const { findings } = JSON.parse(out[0] ?? '{}') as {
      findings: { type: string; start: number; end: number }[];
    };
    expect(findings).toEqual([expect.objectContaining({ type: 'UK_NINO', start: 16, end: 29 })]);
    expect(text.slice(16, 29)).toBe('JT 48 29 61 B');
    expect(out[0]).not.toContain('48 29 61');
  });

  it('prints one findings object per input line, in order', async () => {
    const file = path.join(scratch, 'texts.jsonl');
    writeFileSync(
      file,
      `${JSON.stringify({ text: 'nothing here' })}\n${JSON.stringify({ text: 'card number 4111 1111 1111 1111' })}\n`,
    );
    const { code, out } = await run(['detect', '--json', '--lines', file]);
    expect(code).toBe(0);
    const results = jsonLines(out) as { findings: { type: string }[] }[];
    expect(results).toHaveLength(2);
    expect(results[0]?.findings).toEqual([]);
    expect(results[1]?.findings.map((f) => f.type)).toEqual(['PAYMENT_CARD']);
  });

  it('keeps line order and exits 1 when a line is not a text object', async () => {
    const file = path.join(scratch, 'bad.jsonl');
    writeFileSync(file, 'not json\n{"text":"ok"}\n');
    const { code, out, err } = await run(['detect', '--json', '--lines', file]);
    expect(code).toBe(1);
    expect(out).toHaveLength(2);
    expect(err[0]).toMatch(/line 1/);
  });

  it('says so when nothing is found', async () => {
    const { out } = await run(['detect'], 'Opening hours please');
    expect(out).toEqual(['No personal data found.']);
  });
});

describe('caveat explain', () => {
  it('prints every rule with its paragraph and reason, and the findings with why', async () => {
    const { code, out } = await run(['explain', path.join(samples, '02-citizen-unverified-nino-dob.eml')]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/Decision:\s+HOLD as OFFICIAL-SENSITIVE/);
    expect(text).toMatch(/DWP Email Policy 3\.10/);
    expect(text).toMatch(/UK_NINO ×1/);
    expect(text).toMatch(/DATE_OF_BIRTH ×1 .*context/s);
    expect(text).not.toContain('JT 48 29 61 B');
  });
});

describe('the installed command', () => {
  it('runs as a program and exits with the documented code', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      path.join(root, 'bin/caveat.ts'),
      'classify',
      '--json',
      path.join(samples, '01-citizen-general-enquiry.eml'),
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ action: 'deliver' });
  });

  it('exits 2 on a usage error', async () => {
    const result = await promisify(execFile)(process.execPath, [
      path.join(root, 'bin/caveat.ts'),
      'classify',
    ]).catch((error: { code: number; stderr: string }) => error);
    expect(result).toMatchObject({ code: 2 });
  });
});

describe('caveat policy diff', () => {
  const candidate = path.join(samples, 'policies/dwp-candidate.json');

  it('replays a candidate JSON pack and shows which decisions change and why', async () => {
    const { code, out, err } = await run(['policy', 'diff', '--from', 'dwp', '--to', candidate, samples]);
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(out[0]).toBe(
      'Replayed 15 message(s): dwp@2026.11.2 → dwp-candidate@2027.1.0-draft; 1 outcome(s) change, 0 change only the rules that fired.',
    );
    expect(text).toMatch(
      /15-officer-passport-check\.eml\s+DELIVER OFFICIAL\s+PROTECT OFFICIAL-SENSITIVE\s+\+DWP-1\.4-SENSITIVE-DATA \+DWP-1\.7-PROTECT -DWP-1\.2-DELIVER/,
    );
    expect(text).toContain(
      '+ DWP-1.4-SENSITIVE-DATA (DWP Email Policy 1.4; DWP Email Policy 1.9; DWP Email Policy 3.3): found UK_PASSPORT ×1',
    );
    expect(text).not.toContain('533401372');
  });

  it('compares two built-in packs as JSON Lines with a summary', async () => {
    const { code, out } = await run([
      'policy',
      'diff',
      '--json',
      '--from',
      'dwp',
      '--to',
      'cambridgeshire',
      '--contacts',
      contacts,
      samples,
    ]);
    expect(code).toBe(0);
    const lines = jsonLines(out);
    const summary = lines.at(-1)?.summary as Record<string, unknown>;
    expect(summary).toMatchObject({ messages: 15, from: 'dwp@2026.11.2', to: 'cambridgeshire@2026.11.2' });
    const held = lines.find((l) => String(l.file).endsWith('02-citizen-unverified-nino-dob.eml'));
    expect(held).toMatchObject({
      outcomeChanged: true,
      from: { action: 'hold', classification: 'OFFICIAL-SENSITIVE' },
      to: { action: 'deliver', classification: 'OFFICIAL' },
    });
    expect(held?.rulesRemoved).toContain('DWP-3.10-UNSOLICITED');
    expect(summary.outcomeChanged).toBe(lines.filter((l) => l.outcomeChanged === true).length);
  });

  it('refuses a broken candidate pack with the field named, exit 2', async () => {
    const bad = path.join(scratch, 'bad-pack.json');
    writeFileSync(
      bad,
      JSON.stringify({
        id: 'x',
        version: '1',
        title: 't',
        source: 's',
        trustedDomains: [],
        rules: [
          {
            id: 'A-1',
            paragraphs: ['p 1'],
            reason: 'a long enough reason',
            when: { recordsOver: -1 },
            outcome: { kind: 'action', action: 'deliver' },
          },
        ],
      }),
    );
    const { code, err } = await run(['policy', 'diff', '--from', 'dwp', '--to', bad, samples]);
    expect(code).toBe(2);
    expect(err[0]).toMatch(/^caveat: policy pack .*bad-pack\.json: rules\[0\]\.when/);
  });

  it('needs --from, --to and a folder', async () => {
    expect((await run(['policy', 'diff', '--to', 'dwp', samples])).code).toBe(2);
    expect((await run(['policy', 'diff', '--from', 'dwp', '--to', 'cambridgeshire'])).code).toBe(2);
    expect((await run(['policy', 'apply'])).code).toBe(2);
  });
});
