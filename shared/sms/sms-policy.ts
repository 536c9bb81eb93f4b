/**
 * Checks text-message templates against the DWP SMS Text Policy when Caveat is configured, so a
 * template that breaks a rule stops start-up with the template and the paragraph named, before
 * any citizen is texted.
 */
import type { Detection } from '../detect/detection.ts';
import { SMS_PLACEHOLDERS, type SmsTemplate } from './sms-templates.ts';

export class SmsTemplateError extends Error {
  override readonly name = 'SmsTemplateError';
  readonly templateId: string;
  readonly rule: string;
  constructor(templateId: string, rule: string, problem: string) {
    super(`SMS template "${templateId}" breaks ${rule}: ${problem}`);
    this.templateId = templateId;
    this.rule = rule;
  }
}

/** Link shorteners hide where a link goes (8.3); the list covers the common public services. */
const SHORTENERS = new Set([
  'bit.ly',
  'tinyurl.com',
  't.co',
  'goo.gl',
  'ow.ly',
  'is.gd',
  'buff.ly',
  'rebrand.ly',
  'cutt.ly',
  'shorturl.at',
  'tiny.cc',
  'rb.gy',
  'gov.uk.to',
]);
/** Anything a reader would take for a web address: with a scheme, or a bare `name.tld/…`. */
const LINKS = /\b(?:https?:\/\/[^\s]+|(?:[a-z0-9-]+\.)+[a-z]{2,}\/[^\s]*)/gi;
const PLACEHOLDER = /\(\(([^()]{1,40})\)\)/g;
const MAX_TEMPLATE_LENGTH = 918; // 6 concatenated GSM-7 segments: long enough, bounded for the scans

export interface SmsPolicyOptions {
  readonly approvedIds: readonly string[];
  /** Where `((link))` points: must itself be a full GOV.UK address. */
  readonly linkBaseUrl: string;
  /** Personal-data detectors (shared/detect/registry.ts). */
  readonly detect: (text: string) => readonly Detection[];
}

/** Throws {@link SmsTemplateError} for the first rule a template breaks. */
export function checkSmsTemplate(template: SmsTemplate, options: SmsPolicyOptions): void {
  const fail = (rule: string, problem: string): never => {
    throw new SmsTemplateError(template.id, rule, problem);
  };
  if (!options.approvedIds.includes(template.id))
    fail(
      'DWP SMS Text Policy 6',
      'its id is not on the list of templates authorised by the Customer Communications Team',
    );
  if (template.text.length > MAX_TEMPLATE_LENGTH)
    fail('DWP SMS Text Policy 10.1', `longer than ${MAX_TEMPLATE_LENGTH} characters`);
  for (const [, name] of template.text.matchAll(PLACEHOLDER)) {
    if (!(SMS_PLACEHOLDERS as readonly string[]).includes(name ?? ''))
      fail(
        'DWP SMS Text Policy 4',
        `placeholder ((${name})) could carry personal information; only ${SMS_PLACEHOLDERS.map((p) => `((${p}))`).join(', ')} are allowed`,
      );
  }
  const fixed = template.text.replace(PLACEHOLDER, ' ');
  const found = options.detect(fixed);
  if (found.length > 0)
    fail(
      'DWP SMS Text Policy 4',
      `it contains personal information (${[...new Set(found.map((d) => d.type))].join(', ')})`,
    );
  if (/\bQR\b/i.test(fixed)) fail('DWP SMS Text Policy 8.5', 'it refers to a QR code');
  const links = [...fixed.matchAll(LINKS)].map((m) => m[0]);
  if (template.text.includes('((link))')) links.push(options.linkBaseUrl);
  for (const link of links) {
    const problem = smsLinkProblem(link);
    if (problem) fail(problem.rule, `${problem.text}: ${link}`);
  }
}

/** Checks every template; the first broken one stops configuration. */
export function checkSmsTemplates(templates: readonly SmsTemplate[], options: SmsPolicyOptions): void {
  for (const template of templates) checkSmsTemplate(template, options);
}

/** Why a link may not appear in a text (8.2, 8.3), or `undefined` when it may. */
export function smsLinkProblem(link: string): { rule: string; text: string } | undefined {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return { rule: 'DWP SMS Text Policy 8.3', text: 'links must be full web addresses, starting https://' };
  }
  const host = url.hostname.toLowerCase();
  if (SHORTENERS.has(host))
    return { rule: 'DWP SMS Text Policy 8.3', text: 'shortened links are not allowed' };
  if (url.protocol !== 'https:')
    return { rule: 'DWP SMS Text Policy 8.3', text: 'links must be full web addresses, starting https://' };
  if (host !== 'gov.uk' && !host.endsWith('.gov.uk'))
    return { rule: 'DWP SMS Text Policy 8.2', text: 'links must point to the GOV.UK domain' };
  return undefined;
}

/** Fills a checked template's placeholders; a value may not bring a new placeholder in. */
export function renderSms(
  template: SmsTemplate,
  values: Readonly<Record<(typeof SMS_PLACEHOLDERS)[number], string>>,
): string {
  return template.text.replace(
    PLACEHOLDER,
    (_whole, name: string) => values[name as keyof typeof values] ?? '',
  );
}
