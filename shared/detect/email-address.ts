import type { Detection } from './detection.ts';
import { composeConfidence, contextMatcher, type Detector, finding, matches } from './detector.ts';

/**
 * The practical subset of RFC 5322 addr-spec that people type: a dot-atom local part (≤64, RFC 5321
 * §4.5.3.1.1) and a DNS domain of 1–8 labels (≤63 each, RFC 1035) ending in an alphabetic or
 * punycode (RFC 3490 `xn--`) top-level domain. Each label is bounded and dot-delimited, so the
 * repetition cannot backtrack ambiguously.
 */
const EMAIL =
  /(?<![A-Za-z0-9._%+\-'])[A-Za-z0-9_%+\-'](?:[A-Za-z0-9._%+\-']{0,62}[A-Za-z0-9_%+\-'])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.){1,8}(?:[A-Za-z]{2,24}|xn--[A-Za-z0-9]{2,59})(?![A-Za-z0-9-]|\.[A-Za-z0-9])/g;

const CONTEXT = contextMatcher(
  ['email', 'e-mail', 'email address', 'ebost', 'e-bost', 'cyfeiriad e-bost'],
  [],
);

/** Email address. */
export const emailAddressDetector: Detector = {
  id: 'email-address',
  type: 'EMAIL_ADDRESS',
  patterns: [{ name: 'addr-spec', regex: EMAIL, standard: 'RFC 5322 dot-atom addr-spec, RFC 5321 lengths' }],
  contextWords: ['email', 'e-mail', 'e-bost'],
  validate(value) {
    const at = value.lastIndexOf('@');
    const local = value.slice(0, at);
    const domain = value.slice(at + 1);
    // RFC 5322 dot-atom: no empty atoms; RFC 5321: the whole address fits in 254 octets.
    return at > 0 && !local.includes('..') && !domain.includes('..') && value.length <= 254;
  },
  detect(text) {
    const out: Detection[] = [];
    if (!text.includes('@')) return out;
    for (const m of matches(EMAIL, text)) {
      if (!this.validate(m[0], 'addr-spec')) continue;
      const start = m.index;
      const end = start + m[0].length;
      const context = CONTEXT.find(text, start, end);
      out.push(
        finding(this, text, {
          start,
          end,
          confidence: composeConfidence(0.9, context, 0.1),
          pattern: 'addr-spec',
          validation: 'passed',
          context,
        }),
      );
    }
    return out;
  },
};
