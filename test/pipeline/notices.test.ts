import { describe, expect, it } from 'vitest';
import {
  deliveryCover,
  markedSubject,
  protectedNotice,
  quarantineNotice,
} from '../../shared/pipeline/notices.ts';
import type { Decision } from '../../shared/policy/decision.ts';

const decision = (over: Partial<Decision> = {}): Decision => ({
  classification: 'OFFICIAL',
  action: 'deliver',
  findings: [],
  rules: [
    {
      id: 'DWP-1.2-DELIVER',
      paragraphs: ['DWP Email Policy 1.2'],
      reason: 'OFFICIAL mail goes to the team',
      effect: { kind: 'action', action: 'deliver' },
    },
  ],
  policy: { id: 'dwp', version: '2026.11.1' },
  sender: { address: 'a@example.com', domain: 'example.com', trust: 'trusted' },
  verdicts: { spam: 'PASS', virus: 'FAIL', spf: 'pass', dkim: 'pass', dmarc: 'pass' },
  records: 0,
  mask: [],
  ...over,
});
const subject = {
  messageId: 'm1',
  mailbox: 'uc@caveat.example.gov.uk',
  receivedAt: new Date('2026-11-23T09:00:00Z'),
};

describe('markedSubject (DWP Email Policy 1.8)', () => {
  it.each([
    ['Opening hours', '[OFFICIAL] Opening hours'],
    ['[OFFICIAL] Opening hours', '[OFFICIAL] Opening hours'],
    ['', '[OFFICIAL] (no subject)'],
    ['Line\r\nBcc: injected@example.com', '[OFFICIAL] Line Bcc: injected@example.com'],
  ])('%j → %j', (original, expected) => {
    expect(markedSubject(decision(), original)).toBe(expected);
  });

  it('marks OFFICIAL-SENSITIVE when that is the classification', () => {
    expect(markedSubject(decision({ classification: 'OFFICIAL-SENSITIVE' }), 'x')).toBe(
      '[OFFICIAL-SENSITIVE] x',
    );
  });
});

describe('notices', () => {
  it('reminds officers of the 3.7 disclaimer only for citizens', () => {
    expect(deliveryCover(decision(), subject, 's', []).text).not.toContain('3.7');
    const citizen = decision({
      sender: { address: 'a@example.com', domain: 'example.com', trust: 'unverified' },
    });
    expect(deliveryCover(citizen, subject, 's', []).text).toContain('DWP Email Policy 3.7');
  });

  it('a protected notice carries the link and the rules but not the sender', () => {
    const notice = protectedNotice(decision({ classification: 'OFFICIAL-SENSITIVE' }), subject, {
      url: 'https://portal.example/open#t=abc',
      expiresAt: new Date('2026-11-26T09:00:00Z'),
    });
    expect(notice.text).toContain('https://portal.example/open#t=abc');
    expect(notice.text).toContain('2026-11-26T09:00:00.000Z');
    expect(notice.text).toContain('DWP-1.2-DELIVER');
    expect(`${notice.subject}${notice.text}`).not.toContain('a@example.com');
  });

  it('a quarantine notice names the verdicts and the sender domain only', () => {
    const notice = quarantineNotice(decision(), subject, 'quarantine/uc@caveat.example.gov.uk/m1');
    expect(notice.text).toContain('virus FAIL');
    expect(notice.text).toContain('example.com');
    expect(notice.text).not.toContain('a@example.com');
  });
});
