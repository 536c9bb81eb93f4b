/**
 * Card numbers are masked wherever the portal shows text (DWP Email Policy 1.10), with the
 * pipeline's own detectors and overlap rules, so the portal masks exactly the card numbers the
 * pipeline would. The phone-number detector is left out: it never removes a card finding (see
 * `DETECTORS_WITHOUT_PHONE`), and its metadata would be most of the detectors' weight in the
 * portal's bundle.
 */

import { DETECTORS_WITHOUT_PHONE } from '../detect/detectors-without-phone.ts';
import { redact } from '../detect/redact.ts';
import { detectWith } from '../detect/run-detectors.ts';

export function maskCardNumbers(text: string): string {
  const cards = detectWith(DETECTORS_WITHOUT_PHONE, text).filter((d) => d.type === 'PAYMENT_CARD');
  return cards.length > 0 ? redact(text, cards, ['PAYMENT_CARD']) : text;
}
