import type { FindingType } from '../detect/detection.ts';
import type { AttachmentFlag, SesVerdicts, UnreadableReason } from '../mail/inbound-mail.ts';

export type Classification = 'OFFICIAL' | 'OFFICIAL-SENSITIVE';

/** What happens to the message. Precedence, first match wins: quarantine, hold, protect, deliver. */
export type Action = 'quarantine' | 'hold' | 'protect' | 'deliver';

/**
 * Who the sender is, as far as the evidence goes.
 * - `trusted`: From domain is (under) a secure or partner domain and DMARC passed.
 * - `spoofed-trusted`: From domain looks trusted but SES's DMARC check failed.
 * - `verified-citizen`: From address is a validated contact point and DMARC passed.
 * - `unverified`: anyone else.
 */
export type SenderTrust = 'trusted' | 'spoofed-trusted' | 'verified-citizen' | 'unverified';

/** Where in the message a finding was seen. `attachment:<name>` for attachments. */
export type FindingLocation = 'subject' | 'body' | `attachment:${string}`;

/** All detections of one type in one message, summarised. Never holds a value in clear. */
export interface Finding {
  readonly type: FindingType;
  readonly count: number;
  /** Distinct values found (e.g. distinct NINOs: a record count input). */
  readonly distinct: number;
  /** One masked example, e.g. `*******34C`. */
  readonly maskedSample: string;
  readonly confidence: number;
  readonly locations: readonly FindingLocation[];
  /** Why it was raised: detector, pattern, validation, context word (deduplicated). */
  readonly explanations: readonly {
    readonly detector: string;
    readonly pattern: string;
    readonly validation: 'passed' | 'not-applicable';
    readonly context?: string;
  }[];
  /** Typed extras merged from detections, e.g. `phoneKinds: 'mobile,landline'`. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface AttachmentFacts {
  readonly filename?: string;
  readonly kind: string;
  readonly detectedType: string;
  readonly flags: readonly AttachmentFlag[];
}

/** Everything a rule may look at. Built by the classify use case; rules are pure functions of it. */
export interface MessageFacts {
  readonly sender: {
    /** The single From address, lower-cased, when there is exactly one. */
    readonly address?: string;
    readonly domain?: string;
    readonly fromHeaderCount: number;
    /** True when the From address is in the validated-contacts register. */
    readonly isValidatedContact: boolean;
    /** True when a held message was confirmed through a validated contact point (3.10). */
    readonly confirmedThroughContactPoint?: boolean;
  };
  readonly subject: string;
  readonly verdicts: SesVerdicts;
  readonly findings: readonly Finding[];
  /** max(distinct NINOs, CSV data rows holding personal data). */
  readonly records: number;
  readonly attachments: readonly AttachmentFacts[];
  /** Set when the message could not be read safely. */
  readonly unreadable?: { readonly reason: UnreadableReason; readonly detail: string };
}

/** A rule that fired, as recorded in the decision and the audit log. */
export interface RuleFired {
  readonly id: string;
  /** Policy paragraphs cited, e.g. `['DWP Email Policy 3.10']`. */
  readonly paragraphs: readonly string[];
  readonly reason: string;
  readonly effect: RuleEffect;
  /** Specifics of this firing in plain words (no personal data), e.g. `DMARC fail for gov.uk sender`. */
  readonly detail?: string;
}

export type RuleEffect =
  | { readonly kind: 'classify'; readonly classification: Classification }
  | { readonly kind: 'action'; readonly action: Action }
  | { readonly kind: 'mask'; readonly types: readonly FindingType[] };

/** The full, plain-value result of judging one message against one policy pack. */
export interface Decision {
  readonly classification: Classification;
  readonly action: Action;
  readonly findings: readonly Finding[];
  /** Every rule that fired, in evaluation order. */
  readonly rules: readonly RuleFired[];
  readonly policy: { readonly id: string; readonly version: string };
  readonly sender: {
    readonly address?: string;
    readonly domain?: string;
    readonly trust: SenderTrust;
  };
  readonly verdicts: SesVerdicts;
  readonly records: number;
  /** Finding types that must be masked in every copy kept or sent. */
  readonly mask: readonly FindingType[];
}
