/** Confirmation links: a 256-bit token in the path (the page works without JavaScript), its hash stored. */

/** e.g. `https://portal.caveat.example.gov.uk/confirm/<token>`. */
export function confirmationUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/confirm/${token}`;
}

/** A token as {@link TokenSource} issues them: 43 base64url characters. Anything else is not looked up. */
export const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
