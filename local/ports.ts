/**
 * The ports `npm start` listens on, and the variables that move them. A module of its own, so
 * that tools finding a running local stack (`caveat audit`) need not load the stack itself.
 */
import type { LocalService } from './stack.ts';

/** The ports `npm start` tries first. */
export const DEFAULT_PORTS: Readonly<Record<LocalService, number>> = {
  smtp: 2525,
  ses: 8005,
  s3: 4569,
  dynamodb: 8000,
  portal: 8443,
  oidc: 8010,
  confirm: 8020,
};

/** The variable that sets each service's port. */
export const PORT_VARIABLES: Readonly<Record<LocalService, string>> = {
  smtp: 'CAVEAT_SMTP_PORT',
  ses: 'CAVEAT_SES_PORT',
  s3: 'CAVEAT_S3_PORT',
  dynamodb: 'CAVEAT_DYNAMODB_PORT',
  portal: 'CAVEAT_PORTAL_PORT',
  oidc: 'CAVEAT_OIDC_PORT',
  confirm: 'CAVEAT_CONFIRM_PORT',
};
