import { describe, expect, it } from 'vitest';
import {
  acknowledgementEmail,
  CITIZEN_DISCLAIMER_CY,
  cardDetailsEmail,
  confirmationRequestEmail,
} from '../../shared/confirm/citizen-messages.ts';
import { PAGE_WORDING } from '../../shared/confirm/confirmation-wording.ts';
import { detectAll } from '../../shared/detect/registry.ts';
import { CITIZEN_DISCLAIMER } from '../../shared/pipeline/notices.ts';

const link = {
  url: 'https://portal.caveat.example.gov.uk/confirm/abc',
  expiresAt: new Date('2026-12-07T09:00:00Z'),
};
const messages = (welsh: boolean) => ({
  request: confirmationRequestEmail(link, { welsh }),
  acknowledgement: acknowledgementEmail('https://www.gov.uk/contact-jobcentre-plus', { welsh }),
  card: cardDetailsEmail({ welsh }),
});

describe('Messages to citizens', () => {
  it.each(Object.entries(messages(false)))(
    '%s carries the 3.7 disclaimer and no personal data (3.3)',
    (_name, m) => {
      expect(m.text).toContain(CITIZEN_DISCLAIMER);
      expect(detectAll(`${m.subject}\n${m.text}`).map((d) => d.type)).toEqual([]);
    },
  );

  it.each(Object.entries(messages(true)))(
    '%s is Welsh first, then English, for a Wales mailbox (3.9)',
    (_name, m) => {
      expect(m.text.indexOf(CITIZEN_DISCLAIMER_CY)).toBeGreaterThanOrEqual(0);
      expect(m.text.indexOf(CITIZEN_DISCLAIMER_CY)).toBeLessThan(m.text.indexOf(CITIZEN_DISCLAIMER));
      expect(m.subject).toMatch(/ \/ /);
    },
  );

  it('gives the link, its single use and its expiry date in both languages', () => {
    const { request } = messages(true);
    expect(request.text.split(link.url)).toHaveLength(3);
    expect(request.text).toContain('It stops working on 7 December 2026.');
    expect(request.text).toContain('7 Rhagfyr 2026');
  });

  it('names the page\'s own "not me" answer, in each language', () => {
    const { request } = messages(true);
    expect(request.text).toContain(`"${PAGE_WORDING.en.question.notMe}"`);
    expect(request.text).toContain(`"${PAGE_WORDING.cy.question.notMe}"`);
  });

  it('asks for no reply carrying more personal data', () => {
    expect(messages(false).acknowledgement.text).toContain(
      'Do not reply to this email with more personal information.',
    );
  });
});
