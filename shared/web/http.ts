/**
 * The web request and response every Caveat page handler speaks. Adapters turn an API Gateway
 * HTTP API event (`api-gateway.ts`) or a node:http request (`node-http.ts`) into a
 * {@link WebRequest} and back, so one handler serves both AWS and the local stack.
 */

export interface WebRequest {
  readonly method: string;
  /** The path, decoded once, without the query string. */
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names lower-cased. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly cookies: Readonly<Record<string, string | undefined>>;
  /** The raw body (forms are small; uploads are not accepted). */
  readonly body: string;
  /** The client's address as the edge saw it. */
  readonly sourceIp: string;
  /** The edge's id for this request, for logs and audit. */
  readonly requestId: string;
}

export interface WebResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  /** Full `Set-Cookie` values. */
  readonly cookies?: readonly string[];
  readonly body: string | Uint8Array;
}

/** The largest request body a page accepts: forms carry a token and a CSRF field. */
export const MAX_FORM_BYTES = 16 * 1024;

/** The fields of an `application/x-www-form-urlencoded` body; anything else reads as empty. */
export function formFields(request: WebRequest): URLSearchParams {
  const type = request.headers['content-type'] ?? '';
  if (!type.toLowerCase().startsWith('application/x-www-form-urlencoded')) return new URLSearchParams();
  if (request.body.length > MAX_FORM_BYTES) return new URLSearchParams();
  return new URLSearchParams(request.body);
}

/** A 303 to `location` (a same-origin path or an absolute URL the caller built). */
export function redirect(location: string, cookies?: readonly string[]): WebResponse {
  return { status: 303, headers: { location }, body: '', ...(cookies ? { cookies } : {}) };
}
