/** The personal-data finding types Caveat reports. Names are stable: the CLI and audit log print them. */
export const FINDING_TYPES = [
  'UK_NINO',
  'PAYMENT_CARD',
  'BANK_ACCOUNT',
  'IBAN',
  'DATE_OF_BIRTH',
  'PHONE_NUMBER',
  'EMAIL_ADDRESS',
  'POSTAL_ADDRESS',
  'NHS_NUMBER',
  'BENEFIT_AMOUNT',
  'HEALTH',
  'SPECIAL_CATEGORY',
  'UK_PASSPORT',
  'UK_DRIVING_LICENCE',
] as const;

export type FindingType = (typeof FINDING_TYPES)[number];

/** One match of one detector in one text, with why it was raised. Never holds the matched value in clear. */
export interface Detection {
  readonly type: FindingType;
  /** UTF-16 offsets into the scanned text, end exclusive. */
  readonly start: number;
  readonly end: number;
  /** 0..1. Checksums alone never make a finding certain; context raises confidence. */
  readonly confidence: number;
  /** The value with all but its last 2–4 characters masked, e.g. `*******34C`. */
  readonly masked: string;
  readonly explanation: DetectionExplanation;
  /** Extra typed facts, e.g. `{ phoneKind: 'mobile' }` for PHONE_NUMBER. */
  readonly attributes?: Readonly<Record<string, string>>;
}

export interface DetectionExplanation {
  /** Stable detector id, e.g. `uk-nino`. */
  readonly detector: string;
  /** Name of the pattern that matched. */
  readonly pattern: string;
  /** Result of the detector's validation (checksum, prefix rules). */
  readonly validation: 'passed' | 'not-applicable';
  /** The context word or phrase near the match that raised confidence, if any. */
  readonly context?: string;
}
