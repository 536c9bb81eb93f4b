/** A complete environment of a function that runs the pipeline (ingest, confirmation), with placeholder names. */
export const PIPELINE_ENVIRONMENT = {
  CAVEAT_MAIL_BUCKET: 'caveat-mail',
  CAVEAT_DECISIONS_TABLE: 'decisions',
  CAVEAT_CONTACTS_TABLE: 'contacts',
  CAVEAT_HOLDS_TABLE: 'holds',
  CAVEAT_PORTAL_LINKS_TABLE: 'portal-links',
  CAVEAT_IDEMPOTENCY_TABLE: 'idempotency',
  CAVEAT_MESSAGE_KEY_ARN: 'arn:aws:kms:eu-west-2:123456789012:key/abc',
  CAVEAT_MAILBOXES: JSON.stringify([
    { address: 'uc@caveat.example.gov.uk', teamMailbox: 'team@dwp.example.gov.uk', policyPack: 'dwp' },
  ]),
  CAVEAT_PORTAL_BASE_URL: 'https://portal.caveat.example.gov.uk',
  CAVEAT_SECURITY_CONTACT: 'security@dwp.example.gov.uk',
  CAVEAT_EXTRACT_TEXT_FUNCTION: 'arn:aws:lambda:eu-west-2:123456789012:function:caveat-extract-text',
} as const;
