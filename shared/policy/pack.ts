/**
 * The shape of a policy pack: content only (rules, trusted domains, version), interpreted by the
 * engine. Built-in packs are TypeScript objects under `policies/`; candidate packs are JSON files
 * with the same shape, validated by `pack-schema.ts`.
 */
import type { FindingType } from '../detect/detection.ts';
import type { AttachmentFlag, AuthResult, ScanVerdict } from '../mail/inbound-mail.ts';
import type { Classification, RuleEffect, SenderTrust } from './decision.ts';

/** A reviewed trusted-domain entry: the domain and why mail from it is trusted. */
export interface TrustedDomain {
  /** Matched on label boundaries: `gov.uk` covers `dwp.gov.uk`, not `evilgov.uk`. */
  readonly domain: string;
  readonly reason: string;
}

/** SES checks a rule may look at. */
export type VerdictCheck = 'spam' | 'virus' | 'spf' | 'dkim' | 'dmarc';

/**
 * What a rule tests, from a closed vocabulary so packs stay data (JSON-safe) and every condition
 * has one tested implementation in `conditions/`.
 */
export type Condition =
  | { readonly always: true }
  | { readonly unreadable: true }
  | { readonly fromHeaderNotSingle: true }
  | {
      readonly verdict: {
        readonly check: VerdictCheck;
        readonly in: readonly (ScanVerdict | AuthResult)[];
      };
    }
  | { readonly attachmentFlag: readonly AttachmentFlag[] }
  | { readonly senderTrust: readonly SenderTrust[] }
  | { readonly subjectMarking: readonly string[] }
  | { readonly recordsOver: number }
  | { readonly findingAny: readonly FindingType[] }
  | { readonly findingOtherThan: readonly FindingType[] }
  | { readonly classification: Classification }
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition };

/** One rule: an id that is audit data (never derived from a file name), its paragraphs, its outcome. */
export interface Rule {
  readonly id: string;
  /** Policy paragraphs cited, e.g. `DWP Email Policy 3.10`. At least one. */
  readonly paragraphs: readonly string[];
  /** One line, plain words: why the rule exists. */
  readonly reason: string;
  readonly when: Condition;
  readonly outcome: RuleEffect;
}

export interface PolicyPack {
  /** Stable id recorded in every decision, e.g. `dwp`. */
  readonly id: string;
  /** Recorded in every decision; bump on any change to rules or lists. */
  readonly version: string;
  readonly title: string;
  /** The document the pack encodes. */
  readonly source: string;
  /** Secure domains whose mail is trusted when DMARC passes (on top of configured partners). */
  readonly trustedDomains: readonly TrustedDomain[];
  /**
   * Rules in evaluation order. Classification and mask rules all apply; action rules are ordered
   * quarantine → hold → protect → deliver and the first match wins; the last is a catch-all.
   */
  readonly rules: readonly Rule[];
}
