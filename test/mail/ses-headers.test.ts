import { describe, expect, it } from 'vitest';
import type { HeaderField } from '../../shared/mail/header-section.ts';
import { parseSesAuthenticationResults, readSesVerdicts, sesBlock } from '../../shared/mail/ses-headers.ts';

const f = (name: string, value: string): HeaderField => ({ name, key: name.toLowerCase(), value });
const receipt = f('X-SES-RECEIPT', 'AEFB');

describe('readSesVerdicts', () => {
  it('ends SES’s block at the first field SES does not add', () => {
    const fields = [
      f('Return-Path', '<a@b>'),
      f('Received', 'x'),
      f('From', 'a@b'),
      f('X-SES-Virus-Verdict', 'PASS'),
    ];
    expect(sesBlock(fields).map((x) => x.key)).toEqual(['return-path', 'received']);
  });

  it('ends SES’s block at a repeated field and after X-SES-DKIM-SIGNATURE', () => {
    const repeated = [f('X-SES-Spam-Verdict', 'FAIL'), f('X-SES-Spam-Verdict', 'PASS')];
    expect(sesBlock(repeated)).toHaveLength(1);
    const last = [f('X-SES-DKIM-SIGNATURE', 'x'), f('X-SES-Virus-Verdict', 'PASS')];
    expect(sesBlock(last)).toHaveLength(1);
  });

  it.each([
    [
      'multiple DKIM results, one passing',
      'amazonses.com; dkim=fail header.i=@a.example; dkim=pass header.i=@b.example',
      'pass',
    ],
    ['only failing DKIM results', 'amazonses.com; dkim=fail header.i=@a.example; dkim=neutral', 'fail'],
    ['no DKIM result', 'amazonses.com; spf=pass', 'unknown'],
  ])('reads DKIM with %s', (_label, value, dkim) => {
    expect(readSesVerdicts([f('Authentication-Results', value), receipt]).dkim).toBe(dkim);
  });

  it('ignores Authentication-Results from another authserv-id', () => {
    const v = readSesVerdicts([f('Authentication-Results', 'mx.attacker.example; dmarc=pass'), receipt]);
    expect(v.dmarc).toBe('unknown');
  });

  it('falls back to Received-SPF and maps the legacy hardfail', () => {
    expect(readSesVerdicts([f('Received-SPF', 'hardfail (x) client-ip=192.0.2.1;'), receipt]).spf).toBe(
      'fail',
    );
  });

  it('does not believe passes when the block has no X-SES-RECEIPT, but keeps failures', () => {
    const v = readSesVerdicts([f('X-SES-Spam-Verdict', 'PASS'), f('X-SES-Virus-Verdict', 'FAIL')]);
    expect(v).toMatchObject({ spam: 'UNKNOWN', virus: 'FAIL' });
  });

  it.each([
    ['PASS', 'PASS'],
    ['gray', 'GRAY'],
    ['PROCESSING_FAILED', 'PROCESSING_FAILED'],
    ['maybe', 'UNKNOWN'],
  ])('reads a spam verdict of %s as %s', (value, expected) => {
    expect(readSesVerdicts([f('X-SES-Spam-Verdict', value), receipt]).spam).toBe(expected);
  });
});

describe('readSesVerdicts: sender-controlled values cannot write a result', () => {
  it('a quoted MAIL FROM holding ";dmarc=pass" stays inside its property', () => {
    const value =
      'amazonses.com; spf=fail (spfCheck: x) smtp.mailfrom="x;dmarc=pass;"@dwp.gov.uk; dkim=none; dmarc=fail header.from=dwp.gov.uk;';
    expect(readSesVerdicts([f('Authentication-Results', value), receipt])).toMatchObject({
      dmarc: 'fail',
      spf: 'fail',
    });
  });

  it('two DMARC results that disagree count as unknown, never pass', () => {
    const value = 'amazonses.com; dmarc=pass header.from=dwp.gov.uk; dmarc=fail header.from=dwp.gov.uk';
    expect(readSesVerdicts([f('Authentication-Results', value), receipt]).dmarc).toBe('unknown');
  });

  it('a repeated DMARC result that agrees is kept', () => {
    const value = 'amazonses.com; dmarc=fail header.from=a.example; dmarc=fail header.from=a.example';
    expect(readSesVerdicts([f('Authentication-Results', value), receipt]).dmarc).toBe('fail');
  });
});

describe('parseSesAuthenticationResults', () => {
  it('strips comments and reads header.from', () => {
    const results = parseSesAuthenticationResults(
      'amazonses.com; spf=pass (spfCheck: domain; of x) smtp.mailfrom=a@x.example; dmarc=pass (p=reject) header.from=X.Example;',
    );
    expect(results).toEqual([
      { method: 'spf', result: 'pass' },
      { method: 'dmarc', result: 'pass', headerFrom: 'x.example' },
    ]);
  });
});
