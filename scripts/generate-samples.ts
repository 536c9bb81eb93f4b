/**
 * Writes the bundled sample messages in samples/: realistic mail as Amazon SES stores it in S3
 * (SES's header block on top), one per situation the quick start should show. Every person,
 * number and address in them is invented. Run: node scripts/generate-samples.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const outDir = path.resolve(import.meta.dirname, '../samples');
const CRLF = '\r\n';

interface SesBlock {
  spam?: 'PASS' | 'FAIL' | 'GRAY';
  virus?: 'PASS' | 'FAIL';
  spf?: string;
  dkim?: string;
  dmarc?: string;
}

interface Sample {
  file: string;
  from: string;
  fromHeaders?: string[];
  to: string;
  subject: string;
  ses: SesBlock;
  body: string;
  attachments?: { filename: string; contentType: string; content: Buffer }[];
  extraHeaders?: string[];
}

function sesHeaders(envelopeFrom: string, to: string, ses: SesBlock): string[] {
  const domain = envelopeFrom.split('@')[1] ?? 'unknown.invalid';
  const spf = ses.spf ?? 'pass';
  const dkim = ses.dkim ?? 'pass';
  const dmarc = ses.dmarc ?? 'pass';
  const spfWords =
    spf === 'pass'
      ? `domain of ${domain} designates 198.51.100.25 as permitted sender`
      : `domain of ${domain} does not designate 198.51.100.25 as permitted sender`;
  return [
    `Return-Path: <${envelopeFrom}>`,
    `Received: from mail.${domain} (mail.${domain} [198.51.100.25]) by inbound-smtp.eu-west-2.amazonaws.com with SMTP id 4k1tq8s0example for ${to}; Mon, 23 Nov 2026 09:14:02 +0000 (UTC)`,
    `X-SES-Spam-Verdict: ${ses.spam ?? 'PASS'}`,
    `X-SES-Virus-Verdict: ${ses.virus ?? 'PASS'}`,
    `Received-SPF: ${spf} (spfCheck: ${spfWords}) client-ip=198.51.100.25; envelope-from=${envelopeFrom}; helo=mail.${domain};`,
    `Authentication-Results: amazonses.com;${CRLF} spf=${spf} (spfCheck: ${spfWords}) client-ip=198.51.100.25; envelope-from=${envelopeFrom}; helo=mail.${domain};${CRLF} dkim=${dkim} header.i=@${domain};${CRLF} dmarc=${dmarc} header.from=${domain};`,
    'X-SES-RECEIPT: AEFBQUFBQUFBQUFHexample',
  ];
}

function render(sample: Sample): string {
  const boundary = `=_caveat_${sample.file.replace(/\W/g, '')}`;
  const address = sample.from.replace(/^.*<|>.*$/g, '');
  const headers = [
    ...sesHeaders(address, sample.to, sample.ses),
    ...(sample.fromHeaders ?? [`From: ${sample.from}`]),
    `To: ${sample.to}`,
    `Subject: ${sample.subject}`,
    'Date: Mon, 23 Nov 2026 09:13:58 +0000',
    `Message-ID: <${sample.file.replace('.eml', '')}@${address.split('@')[1]}>`,
    'MIME-Version: 1.0',
    ...(sample.extraHeaders ?? []),
  ];
  if (!sample.attachments?.length) {
    return [
      ...headers,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      sample.body,
      '',
    ].join(CRLF);
  }
  const parts = [
    [
      `--${boundary}`,
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
      '',
      sample.body,
    ].join(CRLF),
    ...sample.attachments.map((a) =>
      [
        `--${boundary}`,
        `Content-Type: ${a.contentType}; name="${a.filename}"`,
        `Content-Disposition: attachment; filename="${a.filename}"`,
        'Content-Transfer-Encoding: base64',
        '',
        a.content.toString('base64').replace(/.{76}/g, `$&${CRLF}`),
      ].join(CRLF),
    ),
  ];
  return [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    ...parts,
    `--${boundary}--`,
    '',
  ].join(CRLF);
}

/** Deterministic NINOs that follow HMRC's format rules, for the bulk-list sample. */
function bulkNinoCsv(rows: number): Buffer {
  const first = 'ABCEGHJKLMNPRSTWXYZ';
  const second = 'ABCEGHJKLMNPRSTWXYZ';
  const lines = ['nino,surname,appointment_date'];
  let seed = 7;
  const next = () => {
    seed = (seed * 48271) % 2147483647;
    return seed;
  };
  const surnames = [
    'Evans',
    'Patel',
    'Jones',
    'Smith',
    'Khan',
    'Williams',
    'Brown',
    'Taylor',
    'Davies',
    'Wilson',
  ];
  for (let i = 0; i < rows; i++) {
    let prefix = '';
    do {
      prefix = `${first[next() % first.length]}${second[next() % second.length]}`;
    } while (['BG', 'GB', 'KN', 'NK', 'NT', 'TN', 'ZZ'].includes(prefix));
    const digits = String(next() % 1_000_000).padStart(6, '0');
    const suffix = 'ABCD'[next() % 4];
    const day = String((i % 28) + 1).padStart(2, '0');
    lines.push(`${prefix}${digits}${suffix},${surnames[i % surnames.length]},2026-12-${day}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

/** A few bytes that any content check recognises as a Windows PE executable. */
const peBytes = Buffer.concat([
  Buffer.from('MZ'),
  Buffer.alloc(58),
  Buffer.from([0x80, 0, 0, 0]),
  Buffer.alloc(64),
  Buffer.from('PE\0\0'),
]);

const UC = 'universal.credit@caveat-demo.gov.uk';

const samples: Sample[] = [
  {
    file: '01-citizen-general-enquiry.eml',
    from: 'Sam Citizen <sam.citizen@example-mail.co.uk>',
    to: UC,
    subject: 'Opening hours over Christmas',
    ses: {},
    body: 'Hello,\r\n\r\nCould you tell me whether the Jobcentre on the high street is open between Christmas and New Year?\r\nYou can reply to sam.citizen@example-mail.co.uk.\r\n\r\nThanks,\r\nSam',
  },
  {
    file: '02-citizen-unverified-nino-dob.eml',
    from: 'Alex Morgan <alex.morgan@example-mail.co.uk>',
    to: UC,
    subject: 'Change of circumstances',
    ses: {},
    body: 'Hi,\r\n\r\nI need to update my claim. My National Insurance number is JT 48 29 61 B and my date of birth is 14/02/1987.\r\nI have moved in with my partner last month.\r\n\r\nAlex Morgan',
  },
  {
    file: '03-verified-citizen-bank-details.eml',
    from: 'Jo Bloggs <jo.bloggs@example-mail.co.uk>',
    to: UC,
    subject: 'New bank account for my payments',
    ses: {},
    body: 'Dear Universal Credit team,\r\n\r\nPlease pay my Universal Credit into my new account.\r\nSort code: 20-00-00\r\nAccount number: 55779911\r\n\r\nThank you,\r\nJo Bloggs',
  },
  {
    file: '04-officer-marked-sensitive.eml',
    from: 'Case Officer <case.officer@dwp.gov.uk>',
    to: UC,
    subject: 'OFFICIAL-SENSITIVE: safeguarding referral',
    ses: {},
    body: 'Team,\r\n\r\nPlease see the safeguarding referral discussed this morning. Details are held on the case record.\r\n\r\nRegards,\r\nCase Officer\r\nE_M_A_I_L_B_L_O_C_K',
  },
  {
    file: '05-officer-official-nino.eml',
    from: 'Compliance Team <compliance.team@hmrc.gov.uk>',
    to: UC,
    subject: 'Interview list for 2 December',
    ses: {},
    body: 'Hello,\r\n\r\nThe claimant with NINO AB 12 34 56 C is booked for interview on 2 December at 10:00, reference UC-448812.\r\n\r\nKind regards,\r\nHMRC Compliance',
  },
  {
    file: '06-spoofed-gov-sender.eml',
    from: 'DWP Payments <payments@dwp.gov.uk>',
    to: UC,
    subject: 'Urgent: confirm payee details',
    ses: { spf: 'fail', dkim: 'fail', dmarc: 'fail' },
    body: 'Please confirm the payee sort code 40-47-84 and account number 70872490 today to avoid suspension of payments.',
  },
  {
    file: '07-virus-verdict.eml',
    from: 'Invoices <accounts@supplier-example.co.uk>',
    to: UC,
    subject: 'Invoice 20931',
    ses: { virus: 'FAIL' },
    body: 'Please find the invoice attached.',
    attachments: [
      {
        filename: 'invoice-20931.doc',
        contentType: 'application/msword',
        content: Buffer.from('X5O!P%@AP[4\\PZX54(P^)7CC)7}$caveat-test-file'),
      },
    ],
  },
  {
    file: '08-citizen-card-number.eml',
    from: 'Pat Jones <pat.jones@example-mail.co.uk>',
    to: UC,
    subject: 'Paying back my overpayment',
    ses: {},
    body: 'Hello,\r\n\r\nI want to repay the overpayment. My debit card number is 4929 4205 7359 5063, expiry 09/28.\r\n\r\nPat',
  },
  {
    file: '09-council-bulk-csv.eml',
    from: 'Revenues and Benefits <benefits@cambridgeshire.gov.uk>',
    to: UC,
    subject: 'Weekly interview list',
    ses: {},
    body: 'Hello,\r\n\r\nAttached is this week\u2019s list of claimants booked for interview.\r\n\r\nRevenues and Benefits',
    attachments: [{ filename: 'interviews.csv', contentType: 'text/csv', content: bulkNinoCsv(620) }],
  },
  {
    file: '10-executable-attachment.eml',
    from: 'Courier Notice <notice@parcel-example.com>',
    to: UC,
    subject: 'Your parcel could not be delivered',
    ses: {},
    body: 'Open the attached delivery note to rebook.',
    attachments: [{ filename: 'delivery-note.pdf', contentType: 'application/pdf', content: peBytes }],
  },
  {
    file: '11-spam-verdict.eml',
    from: 'Prize Team <winner@lottery-example.biz>',
    to: UC,
    subject: 'You have won',
    ses: { spam: 'FAIL', dmarc: 'none' },
    body: 'Claim your prize today by replying with your details.',
  },
  {
    file: '12-welsh-citizen-health.eml',
    from: 'Rhys Pritchard <rhys.pritchard@example-mail.co.uk>',
    to: 'credyd.cynhwysol@caveat-demo.gov.uk',
    subject: 'Fy nghais / My claim',
    ses: {},
    body: 'Annwyl dîm,\r\n\r\nI was diagnosed with epilepsy last year and I am now prescribed lamotrigine. My GP has given me a fit note.\r\n\r\nDiolch,\r\nRhys',
  },
  {
    file: '13-two-from-headers.eml',
    from: 'Help Desk <help@example-mail.co.uk>',
    fromHeaders: ['From: Help Desk <help@example-mail.co.uk>', 'From: Security <security@dwp.gov.uk>'],
    to: UC,
    subject: 'Account review',
    ses: { dmarc: 'none' },
    body: 'Please review your account.',
  },
  {
    file: '14-nhs-partner-health.eml',
    from: 'GP Surgery <reception.practice@nhs.net>',
    to: UC,
    subject: 'Medical evidence requested for PIP',
    ses: {},
    body: 'Dear colleague,\r\n\r\nAs requested, our patient (NHS number 943 476 5919) has been diagnosed with multiple sclerosis and receives physiotherapy weekly.\r\n\r\nReception, on behalf of the practice',
  },
  {
    file: '15-officer-passport-check.eml',
    from: 'Identity Checks <identity.checks@hmpo.gov.uk>',
    to: UC,
    subject: 'Identity document check completed',
    ses: {},
    body: 'Hello,\r\n\r\nWe have checked the passport number 533401372 supplied for claim reference UC-771203; it is valid.\r\n\r\nHM Passport Office',
  },
];

mkdirSync(outDir, { recursive: true });
for (const sample of samples) writeFileSync(path.join(outDir, sample.file), render(sample));
writeFileSync(
  path.join(outDir, 'contacts.csv'),
  'email,citizen_reference\r\njo.bloggs@example-mail.co.uk,CR-000418\r\nrhys.pritchard@example-mail.co.uk,CR-000977\r\n',
);
console.log(`wrote ${samples.length} messages and contacts.csv to samples/`);
