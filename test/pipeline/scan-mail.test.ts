import { describe, expect, it } from 'vitest';
import type { Detection, FindingType } from '../../shared/detect/detection.ts';
import type { Attachment, InboundMail } from '../../shared/mail/inbound-mail.ts';
import { type DetectFn, scanMail } from '../../shared/pipeline/scan-mail.ts';

/** A stand-in detector: finds the literal tokens NINO:<value>, DOB:<value>, EMAIL:<value>. */
const fakeDetect: DetectFn = (text) => {
  const found: Detection[] = [];
  const pattern = /\b(NINO|DOB|EMAIL):([\w/@.-]+)/g;
  const types: Record<string, FindingType> = {
    NINO: 'UK_NINO',
    DOB: 'DATE_OF_BIRTH',
    EMAIL: 'EMAIL_ADDRESS',
  };
  for (const match of text.matchAll(pattern)) {
    const start = (match.index ?? 0) + (match[1]?.length ?? 0) + 1;
    found.push({
      type: types[match[1] ?? ''] ?? 'UK_NINO',
      start,
      end: start + (match[2]?.length ?? 0),
      confidence: match[1] === 'DOB' ? 0.9 : 0.6,
      masked: `***${(match[2] ?? '').slice(-2)}`,
      explanation: {
        detector: 'fake',
        pattern: match[1] ?? '',
        validation: 'passed',
        context: 'fake context',
      },
      ...(match[1] === 'EMAIL' ? { attributes: { kind: 'personal' } } : {}),
    });
  }
  return found;
};

function mail(overrides: Partial<InboundMail> = {}): InboundMail {
  return {
    from: [{ address: 'sender@example.org' }],
    fromHeaderCount: 1,
    to: [],
    cc: [],
    subject: '',
    text: '',
    attachments: [],
    verdicts: { spam: 'PASS', virus: 'PASS', spf: 'pass', dkim: 'pass', dmarc: 'pass' },
    problems: [],
    sizeBytes: 100,
    ...overrides,
  };
}

function csv(filename: string, header: string, rows: string[]): Attachment {
  return {
    filename,
    declaredType: 'text/csv',
    detectedType: 'text/csv',
    kind: 'csv',
    sizeBytes: 1,
    sha256: 'x',
    text: [header, ...rows].join('\r\n'),
    csvDataRows: rows.length,
    csvRows: rows,
    flags: [],
  };
}

describe('scanMail', () => {
  it('summarises detections per type with where they were found', () => {
    const scan = scanMail(
      mail({ subject: 'DOB:01/02/1990', text: 'NINO:AB123456C and NINO:AB123456C again' }),
      fakeDetect,
    );
    const nino = scan.findings.find((f) => f.type === 'UK_NINO');
    expect(nino).toMatchObject({ count: 2, distinct: 1, locations: ['body'], maskedSample: '***6C' });
    expect(scan.findings.find((f) => f.type === 'DATE_OF_BIRTH')?.locations).toEqual(['subject']);
  });

  it('counts distinct values regardless of spacing and case', () => {
    const scan = scanMail(mail({ text: 'NINO:AB123456C NINO:ab-123456-c NINO:CD654321A' }), fakeDetect);
    expect(scan.findings[0]).toMatchObject({ type: 'UK_NINO', count: 3, distinct: 2 });
    expect(scan.records).toBe(2);
  });

  it('keeps the strongest detection as the sample and deduplicates explanations', () => {
    const scan = scanMail(mail({ text: 'DOB:1990 DOB:1991' }), fakeDetect);
    const dob = scan.findings[0];
    expect(dob?.confidence).toBe(0.9);
    expect(dob?.explanations).toEqual([
      { detector: 'fake', pattern: 'DOB', validation: 'passed', context: 'fake context' },
    ]);
  });

  it('never puts a detected value in clear into the findings', () => {
    const scan = scanMail(mail({ text: 'NINO:AB123456C' }), fakeDetect);
    expect(JSON.stringify(scan)).not.toContain('AB123456C');
  });

  it('scans the HTML text as well when it differs from the plain text', () => {
    const scan = scanMail(mail({ text: 'see attached', htmlText: 'DOB:01/02/1990' }), fakeDetect);
    expect(scan.findings.map((f) => f.type)).toEqual(['DATE_OF_BIRTH']);
  });

  it('does not count the same body twice when the HTML only repeats the plain text', () => {
    const scan = scanMail(mail({ text: 'NINO:AB123456C', htmlText: ' NINO:AB123456C ' }), fakeDetect);
    expect(scan.findings[0]?.count).toBe(1);
  });

  it('merges detection attributes into the finding', () => {
    const scan = scanMail(mail({ text: 'EMAIL:a@b.org' }), fakeDetect);
    expect(scan.findings[0]?.attributes).toEqual({ kind: 'personal' });
  });

  it('counts CSV data rows that hold personal data as records, using the column names as context', () => {
    const seen: string[] = [];
    const detect: DetectFn = (text) => {
      seen.push(text);
      return fakeDetect(text.replaceAll('nino: ', ' NINO:')); // same length: offsets stay true
    };
    const rows = ['AB123456C,Evans', '"CD654321A","Khan, A"', ',Jones'];
    const scan = scanMail(mail({ attachments: [csv('list.csv', 'nino,surname', rows)] }), detect);
    expect(seen.at(-1)).toContain('nino: AB123456C; surname: Evans');
    expect(seen.at(-1)).toContain('surname: Khan, A');
    expect(scan.records).toBe(2);
    expect(scan.findings[0]?.locations).toEqual(['attachment:list.csv']);
  });

  it('takes records as the larger of distinct NINOs and CSV rows with personal data', () => {
    const rows = Array.from({ length: 5 }, (_, i) => `DOB:0${i}/01/1990,x`);
    const scan = scanMail(
      mail({ text: 'NINO:AA111111A NINO:BB222222B', attachments: [csv('dob.csv', 'dob,x', rows)] }),
      fakeDetect,
    );
    expect(scan.records).toBe(5);
  });

  it('scans the extracted text of non-CSV attachments', () => {
    const pdf: Attachment = {
      filename: 'letter.pdf',
      declaredType: 'application/pdf',
      detectedType: 'application/pdf',
      kind: 'pdf',
      sizeBytes: 10,
      sha256: 'x',
      text: 'NINO:AB123456C',
      flags: [],
    };
    const scan = scanMail(mail({ attachments: [pdf] }), fakeDetect);
    expect(scan.findings[0]?.locations).toEqual(['attachment:letter.pdf']);
  });

  it('scans the entries read from inside an archive, naming the archive and the entry', () => {
    const rows = Array.from({ length: 3 }, (_, i) => `DOB:0${i}/01/1990,x`);
    const zip: Attachment = {
      filename: 'records.zip',
      declaredType: 'application/zip',
      detectedType: 'application/zip',
      kind: 'archive',
      sizeBytes: 10,
      sha256: 'x',
      flags: [],
      entries: [csv('dob.csv', 'dob,x', rows)],
    };
    const scan = scanMail(mail({ attachments: [zip] }), fakeDetect);
    expect(scan.findings).toMatchObject([
      { type: 'DATE_OF_BIRTH', count: 3, locations: ['attachment:records.zip/dob.csv'] },
    ]);
    expect(scan.records).toBe(3);
  });

  it('finds nothing in a message without personal data', () => {
    expect(scanMail(mail({ subject: 'Opening hours', text: 'When are you open?' }), fakeDetect)).toEqual({
      findings: [],
      records: 0,
    });
  });
});
