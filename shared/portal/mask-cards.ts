/**
 * Card numbers are masked wherever the portal shows text (DWP Email Policy 1.10), using the
 * pipeline's own payment-card detector, so the portal masks exactly what the pipeline would.
 */

import { redact } from '../detect/redact.ts';
import { detectAll } from '../detect/registry.ts';

export function maskCardNumbers(text: string): string {
  const cards = detectAll(text).filter((detection) => detection.type === 'PAYMENT_CARD');
  return cards.length > 0 ? redact(text, cards, ['PAYMENT_CARD']) : text;
}
