/**
 * The page a confirmation link opens (GOV.UK Design System, no JavaScript needed). GET shows the
 * question and changes nothing; the answer is a POST carrying a CSRF token bound to a sealed
 * pre-session cookie and to this link, so another site cannot answer for the citizen. The page
 * never shows the message, the sender or the citizen's details: only when and where it arrived.
 */
import { randomBytes } from 'node:crypto';
import { CITIZEN_DISCLAIMER } from '../pipeline/notices.ts';
import { linkHash } from '../pipeline/stages/protect.ts';
import { type AssetOptions, serveAsset } from '../web/assets.ts';
import { type CookieSettings, openCookie, sealedCookie } from '../web/cookies.ts';
import { CSRF_FIELD, csrfToken, validCsrfToken } from '../web/csrf.ts';
import { formFields, type WebRequest, type WebResponse } from '../web/http.ts';
import { cspNonce, securityHeaders } from '../web/security-headers.ts';
import type { RenderView } from '../web/views.ts';
import type { Answer, AnswerResult, ConfirmationService } from './answer-confirmation.ts';

export interface ConfirmationPageDependencies {
  readonly service: ConfirmationService;
  /** A renderer over `shared/confirm/views`, the shared layout and GOV.UK Frontend. */
  readonly views: RenderView;
  readonly cookies: CookieSettings;
  /** Server secret CSRF tokens are minted under. */
  readonly csrfSecret: Uint8Array;
  readonly assets: AssetOptions;
}

/** The views folder of this page. */
export const CONFIRMATION_VIEWS_DIR = new URL('./views', import.meta.url).pathname;

const SERVICE_NAME = 'Confirm an email you sent to DWP';
const PRE_SESSION = 'caveat-confirm';
/** The pre-session cookie lives as long as someone might take to answer. */
const PRE_SESSION_SECONDS = 3_600;
const PATH = /^\/confirm\/([^/]{1,100})$/;
const ANSWERS: readonly Answer[] = ['confirm', 'not-me'];

const dateTime = (at: Date) =>
  at.toLocaleString('en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
const dateOnly = (at: Date) =>
  at.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

const ENDINGS: Record<
  AnswerResult['state'],
  { status: number; heading: string; paragraphs: string[]; panel?: boolean }
> = {
  confirmed: {
    status: 200,
    heading: 'Thank you for confirming',
    paragraphs: ['We have passed your email to the team that handles it. You do not need to send it again.'],
    panel: true,
  },
  'not-me': {
    status: 200,
    heading: 'We have deleted the email',
    paragraphs: [
      'Thank you for telling us. The email was deleted without being used.',
      'If you think someone is using your details, contact us using the details on GOV.UK.',
    ],
    panel: true,
  },
  used: {
    status: 410,
    heading: 'This link has already been used',
    paragraphs: ['Each link works once. Your answer has been recorded, so there is nothing more to do.'],
  },
  expired: {
    status: 410,
    heading: 'This link has expired',
    paragraphs: [
      'The email it was about has been deleted without being used. If you need to, please send it again.',
    ],
  },
  unknown: {
    status: 404,
    heading: 'This link is not valid',
    paragraphs: ['Check that you copied the whole link from the email or text message.'],
  },
};

export function confirmationPage(deps: ConfirmationPageDependencies) {
  const page = (
    status: number,
    template: string,
    context: Record<string, unknown>,
    cookies?: string[],
  ): WebResponse => {
    const nonce = cspNonce();
    return {
      status,
      headers: { ...securityHeaders({ nonce }), 'content-type': 'text/html; charset=utf-8' },
      body: deps.views(template, {
        ...context,
        serviceName: SERVICE_NAME,
        cspNonce: nonce,
        disclaimer: CITIZEN_DISCLAIMER,
      }),
      ...(cookies ? { cookies } : {}),
    };
  };
  const ending = (state: AnswerResult['state']) => {
    const { status, heading, paragraphs, panel } = ENDINGS[state];
    return page(status, 'confirm-result.njk', {
      pageTitle: heading,
      heading,
      paragraphs,
      panel: Boolean(panel),
    });
  };
  /** The CSRF token binds the pre-session and this link's hash: valid for this browser and link only. */
  const csrfFor = (preSession: string, token: string) =>
    csrfToken(deps.csrfSecret, preSession, `confirm:${linkHash(token)}`);

  const question = async (request: WebRequest, token: string, error?: string): Promise<WebResponse> => {
    const view = await deps.service.view(token);
    if (view.state !== 'pending') return ending(view.state);
    const existing = await openCookie(deps.cookies, request.cookies, PRE_SESSION);
    const preSession = typeof existing?.id === 'string' ? existing.id : randomBytes(32).toString('base64url');
    const cookies = existing
      ? undefined
      : [await sealedCookie(deps.cookies, PRE_SESSION, { id: preSession }, PRE_SESSION_SECONDS)];
    return page(
      error ? 400 : 200,
      'confirm.njk',
      {
        pageTitle: error ? 'Error: Did you send us an email?' : 'Did you send us an email?',
        action: request.path,
        csrf: csrfFor(preSession, token),
        mailbox: view.mailbox,
        receivedOn: dateTime(view.receivedAt),
        confirmBy: dateOnly(view.confirmBy),
        ...(error ? { error } : {}),
      },
      cookies,
    );
  };

  return async (request: WebRequest): Promise<WebResponse> => {
    const asset = await serveAsset(deps.assets, request.path);
    if (asset) return asset;
    const token = PATH.exec(request.path)?.[1];
    if (!token) return ending('unknown');
    if (request.method === 'GET' || request.method === 'HEAD') return question(request, token);
    if (request.method !== 'POST') return { status: 405, headers: { allow: 'GET, POST' }, body: '' };

    const fields = formFields(request);
    const preSession = await openCookie(deps.cookies, request.cookies, PRE_SESSION);
    const bound = typeof preSession?.id === 'string' ? preSession.id : '';
    if (!validCsrfToken(deps.csrfSecret, bound, `confirm:${linkHash(token)}`, fields.get(CSRF_FIELD))) {
      return page(403, 'confirm-result.njk', {
        pageTitle: 'Your answer was not sent',
        heading: 'Your answer was not sent',
        paragraphs: ['Please go back to the link in your email or text message and answer again.'],
      });
    }
    const answer = fields.get('answer') as Answer | null;
    if (!answer || !ANSWERS.includes(answer))
      return question(request, token, 'Select whether you sent the email');
    return ending((await deps.service.answer(token, answer)).state);
  };
}
