/**
 * The text messages Caveat may send. DWP SMS Text Policy 6: every template is reviewed and
 * authorised by the Customer Communications Team before use, so templates are content kept in
 * the repository, reviewed like code, and only ids on the approved list may be configured.
 */

/** A template: fixed words with `((name))` placeholders Caveat fills in. */
export interface SmsTemplate {
  /** Stable id; recorded with every text sent from it. */
  readonly id: string;
  readonly text: string;
}

/**
 * The only values a template may carry (DWP SMS Text Policy 4: no personal information): the
 * confirmation link, and when it stops working.
 */
export const SMS_PLACEHOLDERS = ['link', 'expires'] as const;
export type SmsPlaceholder = (typeof SMS_PLACEHOLDERS)[number];

export const CONFIRM_REQUEST_SMS: SmsTemplate = {
  id: 'caveat-confirm-request-v1',
  text: 'DWP: we have received an email that gives your details. To tell us if you sent it, go to ((link)) before ((expires)). DWP will never ask for your password or bank details by text or email.',
};

/** Templates authorised by the Customer Communications Team, by id. */
export const APPROVED_SMS_TEMPLATE_IDS: readonly string[] = [CONFIRM_REQUEST_SMS.id];
