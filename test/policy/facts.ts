import type { FindingType } from '../../shared/detect/detection.ts';
import type { SesVerdicts } from '../../shared/mail/inbound-mail.ts';
import type { AttachmentFacts, Finding, MessageFacts } from '../../shared/policy/decision.ts';

/** SES verdicts for a clean, authenticated message. */
export const CLEAN_VERDICTS: SesVerdicts = {
  spam: 'PASS',
  virus: 'PASS',
  spf: 'pass',
  dkim: 'pass',
  dmarc: 'pass',
};

export function finding(type: FindingType, count = 1, distinct = count): Finding {
  return {
    type,
    count,
    distinct,
    maskedSample: '****12',
    confidence: 0.9,
    locations: ['body'],
    explanations: [{ detector: 'test', pattern: 'test', validation: 'passed' }],
  };
}

export interface FactsOverrides {
  readonly from?: string;
  readonly fromHeaderCount?: number;
  readonly isValidatedContact?: boolean;
  readonly subject?: string;
  readonly verdicts?: Partial<SesVerdicts>;
  readonly findings?: readonly Finding[];
  readonly records?: number;
  readonly attachments?: readonly AttachmentFacts[];
  readonly unreadable?: MessageFacts['unreadable'];
}

/** Facts for a plain citizen enquiry, with the given parts changed. */
export function facts(overrides: FactsOverrides = {}): MessageFacts {
  const address = overrides.from ?? 'citizen@example.com';
  const domain = address.slice(address.lastIndexOf('@') + 1);
  return {
    sender: {
      ...(address ? { address, domain } : {}),
      fromHeaderCount: overrides.fromHeaderCount ?? 1,
      isValidatedContact: overrides.isValidatedContact ?? false,
    },
    subject: overrides.subject ?? 'A question about my claim',
    verdicts: { ...CLEAN_VERDICTS, ...(overrides.verdicts ?? {}) },
    findings: overrides.findings ?? [],
    records: overrides.records ?? 0,
    attachments: overrides.attachments ?? [],
    ...(overrides.unreadable ? { unreadable: overrides.unreadable } : {}),
  };
}
