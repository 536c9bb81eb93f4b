/**
 * The retention rules: what the sweeper deletes, after how long, and the policy paragraphs that
 * require it. Ids are audit data (the `ruleId` of every deletion entry), so they never change.
 */
import { MAIL_KEY_PREFIXES } from '../pipeline/mail-keys.ts';

/** Retention of the mail bucket's prefixes, in days (the deployment's `retention` settings). */
export interface RetentionPeriods {
  /** `inbound/`: raw MIME as SES wrote it (delivered and held messages). */
  readonly rawMailDays: number;
  /** `quarantine/`. */
  readonly quarantineDays: number;
  /** `ciphertext/`: protected messages. */
  readonly ciphertextDays: number;
  /** `reports/`: DMARC and TLS report messages. */
  readonly reportDays: number;
}

/** The kinds of thing the sweeper deletes: four bucket prefixes and two tables' records. */
export type RetentionTarget = 'inbound' | 'quarantine' | 'ciphertext' | 'reports' | 'hold' | 'portal-link';

/** A bucket prefix the sweeper lists. */
export type ObjectTarget = Extract<RetentionTarget, 'inbound' | 'quarantine' | 'ciphertext' | 'reports'>;

export const OBJECT_TARGETS: readonly ObjectTarget[] = ['inbound', 'quarantine', 'ciphertext', 'reports'];

/** One retention rule, as its deletion entries cite it. */
export interface RetentionRule {
  readonly id: string;
  readonly target: RetentionTarget;
  readonly paragraphs: readonly string[];
  /** One line an auditor reads: what is kept, how long, and why it goes. */
  readonly reason: string;
}

// Personal data is kept no longer than the task needs (Understanding Secure Email, key principle
// 4); the council's retention follows its records policy (Cambridgeshire Email Policy §19).
const MAIL_PARAGRAPHS = ['Understanding Secure Email key principle 4', 'Cambridgeshire Email Policy §19'];

/** The setting each prefix's retention comes from. */
const PERIOD_OF: Readonly<Record<ObjectTarget, keyof RetentionPeriods>> = {
  inbound: 'rawMailDays',
  quarantine: 'quarantineDays',
  ciphertext: 'ciphertextDays',
  reports: 'reportDays',
};

/** The bucket prefix of each object target. */
export const PREFIX_OF: Readonly<Record<ObjectTarget, string>> = MAIL_KEY_PREFIXES;

/** Days an object under `target` is kept. */
export function retentionDays(periods: RetentionPeriods, target: ObjectTarget): number {
  return periods[PERIOD_OF[target]];
}

/** Every rule, with the configured periods in its reason. */
export function retentionRules(periods: RetentionPeriods): Readonly<Record<RetentionTarget, RetentionRule>> {
  const objectRule = (target: ObjectTarget, id: string, what: string): RetentionRule => ({
    id,
    target,
    paragraphs: MAIL_PARAGRAPHS,
    reason: `${what} is kept ${retentionDays(periods, target)} days (retention.${PERIOD_OF[target]}), then deleted`,
  });
  return {
    inbound: objectRule('inbound', 'RETAIN-RAW-MAIL', 'Raw mail under inbound/'),
    quarantine: objectRule('quarantine', 'RETAIN-QUARANTINE', 'A quarantined message'),
    ciphertext: objectRule('ciphertext', 'RETAIN-CIPHERTEXT', 'A protected (encrypted) message'),
    reports: {
      ...objectRule('reports', 'RETAIN-REPORTS', 'A DMARC or TLS report message'),
      paragraphs: ['Cambridgeshire Email Policy §19'],
    },
    hold: {
      id: 'RETAIN-HOLD',
      target: 'hold',
      // The hold record alone stores the sender's address: a citizen's contact detail.
      paragraphs: ['DWP Email Policy 3.10', 'DWP SMS Text Policy 10.3'],
      reason:
        'A decided hold record, which holds the sender’s address, is deleted once the hold expires (holdDays)',
    },
    'portal-link': {
      id: 'RETAIN-PORTAL-LINK',
      target: 'portal-link',
      paragraphs: ['Understanding Secure Email key principle 4'],
      reason: 'A portal link record is deleted once the link expires (portalLinkHours)',
    },
  };
}
