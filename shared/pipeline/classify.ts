import type { DocumentTextExtractor } from '../mail/document-text.ts';
import type { MailLimits, MailReadOutcome, SesVerdicts, UnreadableReason } from '../mail/inbound-mail.ts';
import { readMail } from '../mail/read-mail.ts';
import type { Decision, MessageFacts } from '../policy/decision.ts';
import { decide } from '../policy/engine.ts';
import type { ContactRegister } from './ports.ts';
import { type DetectFn, scanMail } from './scan-mail.ts';

export type PolicyPack = Parameters<typeof decide>[1];

export interface ClassifyDependencies {
  readonly pack: PolicyPack;
  readonly contacts: ContactRegister;
  readonly detect: DetectFn;
  /** Reads PDF and DOCX attachments' text. */
  readonly documents: DocumentTextExtractor;
  /** Trusted-partner domains from configuration, on top of the pack's secure domains. */
  readonly trustedPartners?: readonly string[];
  readonly limits?: Partial<MailLimits>;
}

export interface ClassifiedMessage {
  readonly decision: Decision;
  /** How the message was read: the parsed mail, or why it could not be read safely. */
  readonly read: MailReadOutcome;
}

export interface ClassifyOptions {
  /** The message was held and its sender confirmed it through a validated contact point (3.10). */
  readonly senderConfirmed?: boolean;
}

/** Reads one raw message as SES stored it, scans it for personal data and judges it against the pack. */
export function classifyMessage(deps: ClassifyDependencies) {
  return async (raw: Uint8Array, options: ClassifyOptions = {}): Promise<ClassifiedMessage> => {
    const read = await readMail(raw, deps.documents, deps.limits);
    const found = await factsFor(read, deps);
    const facts = options.senderConfirmed
      ? { ...found, sender: { ...found.sender, confirmedThroughContactPoint: true } }
      : found;
    const decision = decide(facts, deps.pack, { trustedPartners: deps.trustedPartners ?? [] });
    return { decision, read };
  };
}

/**
 * Judges a message that was not read at all (e.g. larger than the raw-size cap, so it is never
 * loaded into memory): the same rules apply to an unreadable message, so it is quarantined
 * under MALFORMED with the reason recorded.
 */
export function judgeUnreadable(
  deps: Pick<ClassifyDependencies, 'pack' | 'trustedPartners'>,
  unreadable: { readonly reason: UnreadableReason; readonly detail: string; readonly sizeBytes: number },
): Decision {
  const facts: MessageFacts = {
    sender: { fromHeaderCount: 0, isValidatedContact: false },
    subject: '',
    verdicts: UNKNOWN_VERDICTS,
    findings: [],
    records: 0,
    attachments: [],
    unreadable: { reason: unreadable.reason, detail: unreadable.detail },
  };
  return decide(facts, deps.pack, { trustedPartners: deps.trustedPartners ?? [] });
}

const UNKNOWN_VERDICTS: SesVerdicts = {
  spam: 'UNKNOWN',
  virus: 'UNKNOWN',
  spf: 'unknown',
  dkim: 'unknown',
  dmarc: 'unknown',
};

async function factsFor(read: MailReadOutcome, deps: ClassifyDependencies): Promise<MessageFacts> {
  if (!read.readable) {
    return {
      sender: { fromHeaderCount: 0, isValidatedContact: false },
      subject: '',
      verdicts: read.verdicts,
      findings: [],
      records: 0,
      attachments: [],
      unreadable: { reason: read.reason, detail: read.detail },
    };
  }
  const { mail } = read;
  const single = mail.fromHeaderCount === 1 && mail.from.length === 1 ? mail.from[0] : undefined;
  const address = single?.address;
  const domain = address?.slice(address.lastIndexOf('@') + 1) || undefined;
  const scan = scanMail(mail, deps.detect);
  return {
    sender: {
      ...(address ? { address } : {}),
      ...(domain ? { domain } : {}),
      fromHeaderCount: mail.fromHeaderCount,
      isValidatedContact: address ? await deps.contacts.isValidatedContact(address) : false,
    },
    subject: mail.subject,
    verdicts: mail.verdicts,
    findings: scan.findings,
    records: scan.records,
    attachments: mail.attachments.map((a) => ({
      ...(a.filename ? { filename: a.filename } : {}),
      kind: a.kind,
      detectedType: a.detectedType,
      flags: a.flags,
    })),
  };
}
