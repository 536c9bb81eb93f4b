/**
 * A deterministic corpus of realistic inbound messages for benchmarks: mixed sizes from 1 KB to
 * 1 MB, some with CSV, text or binary attachments, some with personal data. Invented content only.
 */

const CRLF = '\r\n';

/** Park–Miller PRNG: the same corpus on every run and machine. */
export function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

const SENTENCES = [
  'I am writing about my claim and would like an update on when the decision will be made.',
  'My National Insurance number is JT 48 29 61 B and I was told to quote it.',
  'My date of birth is 14/02/1987 if you need it to find my record.',
  'Please can someone call me back on 07700 900123 about the appointment.',
  'I have moved to 14 Station Road, Cambridge CB1 2JH and need to update my address.',
  'The Jobcentre appointment on Tuesday clashes with a hospital visit.',
  'I receive £85.90 a week Universal Credit and the last payment was short.',
  'Thank you for your help with this, it has been a difficult few months.',
  'Could you confirm what documents I need to bring to the interview?',
  'I was diagnosed with depression in March and my GP has given me a fit note.',
  'The reference number on the letter was UC-448812-B.',
  'I tried to call the helpline but could not get through before it closed.',
];

export interface GeneratedMessage {
  readonly name: string;
  readonly raw: Uint8Array;
}

function sesBlock(from: string, dmarc: string): string[] {
  const domain = from.split('@')[1];
  return [
    `Return-Path: <${from}>`,
    `Received: from mail.${domain} by inbound-smtp.eu-west-2.amazonaws.com with SMTP id bench; Mon, 23 Nov 2026 09:14:02 +0000 (UTC)`,
    'X-SES-Spam-Verdict: PASS',
    'X-SES-Virus-Verdict: PASS',
    `Received-SPF: pass (spfCheck: domain of ${domain} designates 198.51.100.25 as permitted sender) client-ip=198.51.100.25;`,
    `Authentication-Results: amazonses.com; spf=pass smtp.mailfrom=${from}; dkim=pass header.i=@${domain}; dmarc=${dmarc} header.from=${domain};`,
  ];
}

function paragraphText(random: () => number, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  while (size < bytes) {
    const sentence = SENTENCES[Math.floor(random() * SENTENCES.length)] ?? '';
    lines.push(sentence);
    size += sentence.length + 2;
  }
  return lines.join(CRLF);
}

function csvAttachment(random: () => number, rows: number): string {
  const lines = ['reference,surname,appointment_date'];
  for (let i = 0; i < rows; i++)
    lines.push(
      `UC-${100000 + Math.floor(random() * 899999)},Surname${i},2026-12-${String((i % 28) + 1).padStart(2, '0')}`,
    );
  return lines.join(CRLF);
}

function base64Lines(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('base64').replace(/.{76}/g, `$&${CRLF}`);
}

/** Target size in bytes for message `i`: most are small, a tail reaches 1 MB. */
function targetSize(random: () => number): number {
  const r = random();
  if (r < 0.6) return 1024 + Math.floor(random() * 9 * 1024);
  if (r < 0.85) return 10 * 1024 + Math.floor(random() * 90 * 1024);
  if (r < 0.95) return 100 * 1024 + Math.floor(random() * 400 * 1024);
  return 500 * 1024 + Math.floor(random() * 524 * 1024);
}

export function generateMessage(
  random: () => number,
  i: number,
  size = targetSize(random),
): GeneratedMessage {
  const citizen = random() < 0.7;
  const from = citizen ? `citizen${i}@example-mail.co.uk` : `officer${i}@dwp.gov.uk`;
  const headers = [
    ...sesBlock(from, 'pass'),
    `From: Sender ${i} <${from}>`,
    'To: universal.credit@caveat-demo.gov.uk',
    `Subject: Enquiry ${i}`,
    'Date: Mon, 23 Nov 2026 09:13:58 +0000',
    `Message-ID: <bench-${i}@example-mail.co.uk>`,
    'MIME-Version: 1.0',
  ];
  const kind = random();
  if (kind < 0.6 || size < 4096) {
    const body = paragraphText(random, size - 800);
    return {
      name: `bench-${i}.eml`,
      raw: Buffer.from([...headers, 'Content-Type: text/plain; charset=utf-8', '', body, ''].join(CRLF)),
    };
  }
  const boundary = `=_bench_${i}`;
  const body = paragraphText(random, Math.min(4096, size / 4));
  const attachmentBytes = Math.max(512, Math.floor((size - body.length) * 0.74));
  let attachment: string;
  if (kind < 0.8) {
    const csv = csvAttachment(random, Math.max(1, Math.floor(attachmentBytes / 40)));
    attachment = [
      `--${boundary}`,
      'Content-Type: text/csv; name="list.csv"',
      'Content-Disposition: attachment; filename="list.csv"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(csv)),
    ].join(CRLF);
  } else if (kind < 0.9) {
    const text = paragraphText(random, attachmentBytes);
    attachment = [
      `--${boundary}`,
      'Content-Type: text/plain; name="notes.txt"',
      'Content-Disposition: attachment; filename="notes.txt"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(Buffer.from(text)),
    ].join(CRLF);
  } else {
    const png = new Uint8Array(attachmentBytes);
    png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    for (let b = 8; b < png.length; b++) png[b] = Math.floor(random() * 256);
    attachment = [
      `--${boundary}`,
      'Content-Type: image/png; name="photo.png"',
      'Content-Disposition: attachment; filename="photo.png"',
      'Content-Transfer-Encoding: base64',
      '',
      base64Lines(png),
    ].join(CRLF);
  }
  const raw = [
    ...headers,
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    body,
    attachment,
    `--${boundary}--`,
    '',
  ].join(CRLF);
  return { name: `bench-${i}.eml`, raw: Buffer.from(raw) };
}

export function generateCorpus(count: number, seed = 20261123): GeneratedMessage[] {
  const random = prng(seed);
  return Array.from({ length: count }, (_, i) => generateMessage(random, i));
}

/** One large message (about `megabytes` MB) with several attachments, for the peak-memory check. */
export function generateLargeMessage(megabytes: number, seed = 7): Uint8Array {
  const random = prng(seed);
  const boundary = '=_bench_large';
  const parts: string[] = [];
  const perPart = Math.floor((megabytes * 1024 * 1024 * 0.74) / 5);
  for (let p = 0; p < 5; p++) {
    const content =
      p % 2 === 0
        ? Buffer.from(paragraphText(random, perPart))
        : Buffer.from(csvAttachment(random, Math.floor(perPart / 40)));
    const name = p % 2 === 0 ? `notes-${p}.txt` : `list-${p}.csv`;
    const type = p % 2 === 0 ? 'text/plain' : 'text/csv';
    parts.push(
      [
        `--${boundary}`,
        `Content-Type: ${type}; name="${name}"`,
        `Content-Disposition: attachment; filename="${name}"`,
        'Content-Transfer-Encoding: base64',
        '',
        base64Lines(content),
      ].join(CRLF),
    );
  }
  const raw = [
    ...sesBlock('bulk@cambridgeshire.gov.uk', 'pass'),
    'From: Bulk <bulk@cambridgeshire.gov.uk>',
    'To: universal.credit@caveat-demo.gov.uk',
    'Subject: Large transfer',
    'MIME-Version: 1.0',
    `Content-Type: multipart/mixed; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset=utf-8',
    '',
    'Attached are the files.',
    ...parts,
    `--${boundary}--`,
    '',
  ].join(CRLF);
  return Buffer.from(raw);
}
