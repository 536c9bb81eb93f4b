/**
 * Every word of the confirmation page, in English and in Welsh (DWP Email Policy 3.9; Welsh
 * Language Standards). A page for a mailbox configured for Wales opens in Welsh with a link to
 * English, and the other way round. The Welsh should be reviewed by the Welsh Language Unit
 * before use. Nothing here carries personal data: only the mailbox and dates are filled in.
 */
import { CITIZEN_DISCLAIMER } from '../pipeline/notices.ts';
import type { AnswerResult } from './answer-confirmation.ts';
import { CITIZEN_DISCLAIMER_CY } from './citizen-messages.ts';

export type Language = 'en' | 'cy';
export const LANGUAGES: readonly Language[] = ['en', 'cy'];

/** How the page ends: what happened, or why the link no longer works. */
export interface Ending {
  readonly status: number;
  readonly heading: string;
  readonly paragraphs: readonly string[];
  readonly panel?: boolean;
}

export interface PageWording {
  /** BCP 47 tag for dates, e.g. `cy-GB`. */
  readonly locale: string;
  readonly serviceName: string;
  readonly disclaimer: string;
  /** The GOV.UK template's own words: skip link, phase banner, service area label, footer. */
  readonly frame: {
    readonly skipLink: string;
    readonly phaseBanner: string;
    readonly serviceInformation: string;
    readonly licenceHtml: string;
    readonly copyright: string;
    readonly supportLinks: string;
  };
  /** Link to this page in the language: its name in itself, and what a screen reader hears. */
  readonly toggle: { readonly name: string; readonly switchTo: string; readonly label: string };
  readonly question: {
    readonly title: string;
    readonly hint: (receivedOn: string, mailbox: string) => string;
    readonly confirm: string;
    readonly confirmHint: string;
    readonly notMe: string;
    readonly notMeHint: string;
    readonly button: string;
    readonly deadline: (confirmBy: string) => string;
    readonly noAnswer: string;
    readonly errorTitle: string;
    readonly errorPrefix: string;
  };
  readonly endings: Readonly<Record<AnswerResult['state'], Ending>>;
  readonly notSent: { readonly heading: string; readonly paragraphs: readonly string[] };
}

const OGL = 'https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/';

export const PAGE_WORDING: Readonly<Record<Language, PageWording>> = {
  en: {
    locale: 'en-GB',
    serviceName: 'Confirm an email you sent to DWP',
    disclaimer: CITIZEN_DISCLAIMER,
    frame: {
      skipLink: 'Skip to main content',
      phaseBanner: 'This is a new service.',
      serviceInformation: 'Service information',
      licenceHtml: `All content is available under the <a class="govuk-footer__link" href="${OGL}" rel="license">Open Government Licence v3.0</a>, except where otherwise stated`,
      copyright: '© Crown copyright',
      supportLinks: 'Support links',
    },
    toggle: { name: 'English', switchTo: 'Change the language to English', label: 'Choose a language' },
    question: {
      title: 'Did you send us an email?',
      hint: (receivedOn, mailbox) =>
        `We received an email on ${receivedOn} at ${mailbox} that gives your details. We will not use it until you tell us you sent it.`,
      confirm: 'Yes, I sent it',
      confirmHint: 'We will pass it to the team that handles it.',
      notMe: 'No, I did not send it',
      notMeHint: 'We will delete it without reading it.',
      button: 'Continue',
      deadline: (confirmBy) =>
        `If you do not answer by ${confirmBy}, we will delete the email without using it.`,
      noAnswer: 'Select whether you sent the email',
      errorTitle: 'There is a problem',
      errorPrefix: 'Error',
    },
    endings: {
      confirmed: {
        status: 200,
        heading: 'Thank you for confirming',
        paragraphs: [
          'We are passing your email to the team that handles it. You do not need to send it again.',
        ],
        panel: true,
      },
      'not-me': {
        status: 200,
        heading: 'We have deleted the email',
        paragraphs: [
          'Thank you for telling us. The email was deleted without being used.',
          'If you think someone is using your details, contact us using the details on GOV.UK.',
        ],
        panel: true,
      },
      used: {
        status: 410,
        heading: 'This link has already been used',
        paragraphs: ['Each link works once. Your answer has been recorded, so there is nothing more to do.'],
      },
      expired: {
        status: 410,
        heading: 'This link has expired',
        paragraphs: [
          'The email it was about has been deleted without being used. If you need to, please send it again.',
        ],
      },
      unknown: {
        status: 404,
        heading: 'This link is not valid',
        paragraphs: ['Check that you copied the whole link from the email or text message.'],
      },
    },
    notSent: {
      heading: 'Your answer was not sent',
      paragraphs: ['Please go back to the link in your email or text message and answer again.'],
    },
  },
  cy: {
    locale: 'cy-GB',
    serviceName: 'Cadarnhau e-bost a anfonoch at DWP',
    disclaimer: CITIZEN_DISCLAIMER_CY,
    frame: {
      skipLink: "Neidio i'r prif gynnwys",
      phaseBanner: 'Mae hwn yn wasanaeth newydd.',
      serviceInformation: 'Gwybodaeth am y gwasanaeth',
      licenceHtml: `Mae'r holl gynnwys ar gael o dan y <a class="govuk-footer__link" href="${OGL}" rel="license">Drwydded Llywodraeth Agored v3.0</a>, oni nodir yn wahanol`,
      copyright: '© Hawlfraint y Goron',
      supportLinks: 'Dolenni cymorth',
    },
    toggle: { name: 'Cymraeg', switchTo: "Newid yr iaith i'r Gymraeg", label: 'Dewis iaith' },
    question: {
      title: 'Wnaethoch chi anfon e-bost atom?',
      hint: (receivedOn, mailbox) =>
        `Cawsom e-bost ar ${receivedOn} yn ${mailbox} sy'n rhoi eich manylion. Ni fyddwn yn ei ddefnyddio nes i chi ddweud wrthym mai chi a'i hanfonodd.`,
      confirm: "Do, fi a'i hanfonodd",
      confirmHint: "Byddwn yn ei basio i'r tîm sy'n delio ag ef.",
      notMe: "Na, nid fi a'i hanfonodd",
      notMeHint: 'Byddwn yn ei ddileu heb ei ddarllen.',
      button: 'Parhau',
      deadline: (confirmBy) =>
        `Os na fyddwch yn ateb erbyn ${confirmBy}, byddwn yn dileu'r e-bost heb ei ddefnyddio.`,
      noAnswer: 'Dewiswch a wnaethoch chi anfon yr e-bost',
      errorTitle: 'Mae problem wedi codi',
      errorPrefix: 'Gwall',
    },
    endings: {
      confirmed: {
        status: 200,
        heading: 'Diolch am gadarnhau',
        paragraphs: [
          "Rydym yn pasio eich e-bost i'r tîm sy'n delio ag ef. Nid oes angen i chi ei anfon eto.",
        ],
        panel: true,
      },
      'not-me': {
        status: 200,
        heading: "Rydym wedi dileu'r e-bost",
        paragraphs: [
          'Diolch am roi gwybod i ni. Cafodd yr e-bost ei ddileu heb gael ei ddefnyddio.',
          "Os ydych chi'n meddwl bod rhywun yn defnyddio eich manylion, cysylltwch â ni gan ddefnyddio'r manylion ar GOV.UK.",
        ],
        panel: true,
      },
      used: {
        status: 410,
        heading: "Mae'r ddolen hon eisoes wedi cael ei defnyddio",
        paragraphs: [
          "Mae pob dolen yn gweithio unwaith. Mae eich ateb wedi'i gofnodi, felly nid oes angen gwneud dim mwy.",
        ],
      },
      expired: {
        status: 410,
        heading: "Mae'r ddolen hon wedi dod i ben",
        paragraphs: [
          "Mae'r e-bost yr oedd yn ymwneud ag ef wedi cael ei ddileu heb gael ei ddefnyddio. Os oes angen, anfonwch ef eto.",
        ],
      },
      unknown: {
        status: 404,
        heading: "Nid yw'r ddolen hon yn ddilys",
        paragraphs: ["Gwiriwch eich bod wedi copïo'r ddolen gyfan o'r e-bost neu'r neges destun."],
      },
    },
    notSent: {
      heading: 'Ni anfonwyd eich ateb',
      paragraphs: ['Ewch yn ôl at y ddolen yn eich e-bost neu neges destun ac atebwch eto.'],
    },
  },
};

/**
 * The page's language and the ones it offers. A mailbox configured for Wales opens in Welsh and
 * offers English; `?lang=` chooses. Other mailboxes are English only. A link that names no hold
 * cannot tell its mailbox, so it offers Welsh wherever any mailbox is configured for Wales.
 */
export function pageLanguage(
  requested: string | null,
  welshOffered: boolean,
  welshFirst: boolean,
): { readonly language: Language; readonly offered: readonly Language[] } {
  if (!welshOffered) return { language: 'en', offered: ['en'] };
  const language = requested === 'en' || requested === 'cy' ? requested : welshFirst ? 'cy' : 'en';
  return { language, offered: LANGUAGES };
}
