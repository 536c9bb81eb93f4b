/**
 * The words of every email Caveat sends to a citizen. None carries personal data (DWP Email
 * Policy 3.3): not the citizen's name, reference or address, not the subject or content of
 * their message, not the card number they sent. Each carries the 3.7 disclaimer, and mailboxes
 * configured for Wales send Welsh first, then English (3.9; Welsh Language Standards).
 */
import { CITIZEN_DISCLAIMER, type NoticeText } from '../pipeline/notices.ts';

/** The 3.7 disclaimer in Welsh: the automatic system disclaimer is English only (3.9). */
export const CITIZEN_DISCLAIMER_CY =
  'Ni fydd DWP byth yn gofyn i chi am eich enw defnyddiwr, eich cyfrinair, gwybodaeth bersonol, iechyd neu feddygol, na manylion eich cyfrif banc drwy e-bost.';

export interface Wording {
  /** Send Welsh as well as English (the mailbox is configured for Wales). */
  readonly welsh: boolean;
}

interface Bilingual {
  readonly subject: { readonly en: string; readonly cy: string };
  readonly en: readonly string[];
  readonly cy: readonly string[];
}

function compose(message: Bilingual, wording: Wording): NoticeText {
  const english = [...message.en, '', CITIZEN_DISCLAIMER];
  if (!wording.welsh) return { subject: message.subject.en, text: english.join('\n') };
  return {
    subject: `${message.subject.cy} / ${message.subject.en}`,
    text: [...message.cy, '', CITIZEN_DISCLAIMER_CY, '', '----------', '', ...english].join('\n'),
  };
}

const date = (at: Date, locale: string) =>
  at.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

/** Sent to a validated contact point: did you send the message that gives your details? */
export function confirmationRequestEmail(
  link: { readonly url: string; readonly expiresAt: Date },
  wording: Wording,
): NoticeText {
  const en = date(link.expiresAt, 'en-GB');
  const cy = date(link.expiresAt, 'cy-GB');
  return compose(
    {
      subject: { en: 'Did you send us an email?', cy: 'Wnaethoch chi anfon e-bost atom?' },
      en: [
        'We have received an email that gives your details. Before we use it, we need to know that you sent it.',
        '',
        'To tell us whether you sent it, go to:',
        link.url,
        '',
        `This link works once. It stops working on ${en}. If we do not hear from you by then, we will delete the email without using it.`,
        '',
        'If you did not send it, choose "No, I did not send it" on that page and we will delete it.',
      ],
      cy: [
        "Rydym wedi cael e-bost sy'n rhoi eich manylion. Cyn i ni ei ddefnyddio, mae angen i ni wybod mai chi a'i hanfonodd.",
        '',
        'I ddweud wrthym a wnaethoch chi ei anfon, ewch i:',
        link.url,
        '',
        `Mae'r ddolen hon yn gweithio unwaith. Bydd yn dod i ben ar ${cy}. Os na fyddwn yn clywed gennych erbyn hynny, byddwn yn dileu'r e-bost heb ei ddefnyddio.`,
        '',
        'Os nad chi a\'i hanfonodd, dewiswch "Na, nid fi a\'i hanfonodd" ar y dudalen honno a byddwn yn ei ddileu.',
      ],
    },
    wording,
  );
}

/**
 * Sent to the sender when there is no validated contact point to ask: we have it, and how to
 * confirm it through the department's published route. Nothing from their message is repeated.
 */
export function acknowledgementEmail(publishedRoute: string, wording: Wording): NoticeText {
  return compose(
    {
      subject: { en: 'We have received your email', cy: 'Rydym wedi cael eich e-bost' },
      en: [
        'Thank you for your email. We have received it.',
        '',
        'It contains personal information, so we cannot use it until we have confirmed that it came from you. Please contact us using the details at:',
        publishedRoute,
        '',
        'Do not reply to this email with more personal information.',
      ],
      cy: [
        'Diolch am eich e-bost. Rydym wedi ei gael.',
        '',
        "Mae'n cynnwys gwybodaeth bersonol, felly ni allwn ei ddefnyddio nes i ni gadarnhau mai chi a'i hanfonodd. Cysylltwch â ni gan ddefnyddio'r manylion yn:",
        publishedRoute,
        '',
        'Peidiwch ag ateb yr e-bost hwn gyda rhagor o wybodaeth bersonol.',
      ],
    },
    wording,
  );
}

/** DWP Email Policy 1.10: card details must never be sent by email. The number is not repeated. */
export function cardDetailsEmail(wording: Wording): NoticeText {
  return compose(
    {
      subject: {
        en: 'Do not send card details by email',
        cy: 'Peidiwch ag anfon manylion cerdyn drwy e-bost',
      },
      en: [
        'Your email to us contained what looks like a payment card number.',
        '',
        'Never send card numbers or the 3-digit security code by email. We have removed the number from every copy we keep or pass on.',
        '',
        'If you think someone else may have seen your card details, contact your bank or card provider.',
      ],
      cy: [
        "Roedd eich e-bost atom yn cynnwys rhywbeth sy'n edrych fel rhif cerdyn talu.",
        '',
        "Peidiwch byth ag anfon rhifau cerdyn na'r cod diogelwch 3 digid drwy e-bost. Rydym wedi tynnu'r rhif o bob copi rydym yn ei gadw neu'n ei basio ymlaen.",
        '',
        "Os ydych chi'n meddwl y gallai rhywun arall fod wedi gweld manylion eich cerdyn, cysylltwch â'ch banc neu ddarparwr eich cerdyn.",
      ],
    },
    wording,
  );
}
