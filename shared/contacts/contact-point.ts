/**
 * Contact points as the register stores and looks them up: one normal form per address, so a
 * lookup finds a contact however the case system or the citizen wrote it.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import * as z from 'zod/mini';
import '../validation/english-messages.ts';

const EMAIL = z.email();
/** Bounded, so a hostile file cannot make a lookup key of any size. */
const MAX_EMAIL_LENGTH = 254;
/** Letters, digits and dashes: what case systems issue, and safe inside a table key. */
const CITIZEN_REFERENCE = /^[A-Z0-9][A-Z0-9-]{0,39}$/;

export type ContactPointProblem =
  | 'email-malformed'
  | 'mobile-malformed'
  | 'mobile-not-uk-mobile'
  | 'reference-malformed';

export type Normalised =
  | { readonly ok: true; readonly value: string }
  | { readonly ok: false; readonly problem: ContactPointProblem };

/** Trimmed and lower-cased, as the pipeline compares sender addresses. */
export function normaliseEmail(address: string): Normalised {
  const value = address.trim().toLowerCase();
  if (value.length > MAX_EMAIL_LENGTH || !EMAIL.safeParse(value).success)
    return { ok: false, problem: 'email-malformed' };
  return { ok: true, value };
}

/**
 * A UK mobile in E.164 (`+447…`). DWP SMS Text Policy 10.2: texts go to mobiles only, so a
 * landline, a personal (070) number or a foreign mobile is refused; libphonenumber's Ofcom
 * numbering-plan metadata decides which is which.
 */
export function normaliseUkMobile(number: string): Normalised {
  const trimmed = number.trim();
  if (trimmed.length > 24) return { ok: false, problem: 'mobile-malformed' };
  const parsed = parsePhoneNumberFromString(trimmed, 'GB');
  if (!parsed?.isValid()) return { ok: false, problem: 'mobile-malformed' };
  if (parsed.getType() !== 'MOBILE' || !parsed.number.startsWith('+447'))
    return { ok: false, problem: 'mobile-not-uk-mobile' };
  return { ok: true, value: parsed.number };
}

/** Upper-cased and trimmed: `cr-000418` and `CR-000418` are one citizen. */
export function normaliseCitizenReference(reference: string): Normalised {
  const value = reference.trim().toUpperCase();
  return CITIZEN_REFERENCE.test(value) ? { ok: true, value } : { ok: false, problem: 'reference-malformed' };
}

/** True for `07…` / `+447…` numbers that are UK mobiles (DWP SMS Text Policy 10.2). */
export function isUkMobile(number: string): boolean {
  return normaliseUkMobile(number).ok;
}
