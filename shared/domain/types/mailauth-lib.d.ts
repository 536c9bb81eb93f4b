// The parts of mailauth's record parsers Caveat uses. mailauth documents `mailauth/lib/mta-sts`
// as the import path of its MTA-STS functions; the SPF and DMARC parsers are the ones its own
// verifiers run, imported from their modules (the package has no exports map).
declare module 'mailauth/lib/mta-sts.js' {
  export interface MtaStsPolicy {
    mode: 'none' | 'testing' | 'enforce';
    version: string;
    maxAge: number;
    mx?: string[];
  }
  /** Throws an error with `code` (invalid_sts_version, invalid_sts_mode, ...) on a bad policy. */
  export function parsePolicy(file: string, opts?: { strict?: boolean }): MtaStsPolicy;
  export function validateMx(
    mx: string,
    policy: MtaStsPolicy,
  ): { valid: boolean; mode: string; match?: string };
}

declare module 'mailauth/lib/spf/syntax.js' {
  /** The first syntax error of an SPF record's terms (the record without `v=spf1`), or false. */
  export function validateTerms(terms: string[]): string | false;
}

declare module 'mailauth/lib/dmarc/get-dmarc-record.js' {
  /**
   * DMARC policy discovery (the DNS tree walk): the record that applies to `domain`, its own or
   * its organisational domain's, with `rr` the record's text; false when none applies.
   */
  export default function getDmarcRecord(
    domain: string,
    resolver: (name: string, rrtype: string) => Promise<unknown>,
    opts?: { strict?: boolean },
  ): Promise<(Record<string, unknown> & { rr: string; recordDomain: string; isOrgRecord: boolean }) | false>;
  /** Tag names to values (`pct` and `ri` as numbers); `null` only in strict mode on a duplicate tag. */
  export function parseDmarcRecord(
    txt: string,
    opts?: { strict?: boolean; warnings?: Set<string> },
  ): (Record<string, string | number | false> & { rr: string }) | null;
}
