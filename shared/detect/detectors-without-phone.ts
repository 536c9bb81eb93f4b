import { bankAccountDetector } from './bank-account.ts';
import { benefitAmountDetector } from './benefit-amount.ts';
import { dateOfBirthDetector } from './date-of-birth.ts';
import type { Detector } from './detector.ts';
import { emailAddressDetector } from './email-address.ts';
import { healthDetector } from './health.ts';
import { ibanDetector } from './iban.ts';
import { nhsNumberDetector } from './nhs-number.ts';
import { paymentCardDetector } from './payment-card.ts';
import { postalAddressDetector } from './postal-address.ts';
import { specialCategoryDetector } from './special-category.ts';
import { ukDrivingLicenceDetector } from './uk-driving-licence.ts';
import { ukNinoDetector } from './uk-nino.ts';
import { ukPassportDetector } from './uk-passport.ts';

/**
 * The detectors the registry ranks before the phone-number detector, in precedence order:
 * checksum-validated identifiers first, then looser shapes.
 */
export const RANKED_BEFORE_PHONE: readonly Detector[] = [
  ibanDetector,
  paymentCardDetector,
  bankAccountDetector,
  nhsNumberDetector,
  ukNinoDetector,
  ukDrivingLicenceDetector,
  ukPassportDetector,
  emailAddressDetector,
  dateOfBirthDetector,
];

/** The detectors the registry ranks after the phone-number detector, in precedence order. */
export const RANKED_AFTER_PHONE: readonly Detector[] = [
  postalAddressDetector,
  benefitAmountDetector,
  healthDetector,
  specialCategoryDetector,
];

/**
 * The registry's detectors in the registry's order, less the phone-number detector, whose
 * numbering-plan metadata (libphonenumber) is the largest part of any bundle that carries it.
 * For callers that need every finding that can overlap a card number, and no phone number:
 * a card finding is always checksum-validated, and a validated card outranks a phone reading
 * of the same digits, so leaving phones out changes no card finding.
 */
export const DETECTORS_WITHOUT_PHONE: readonly Detector[] = [...RANKED_BEFORE_PHONE, ...RANKED_AFTER_PHONE];
