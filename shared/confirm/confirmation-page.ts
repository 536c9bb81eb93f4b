/**
 * The page a confirmation link opens (GOV.UK Design System, no JavaScript needed). GET shows the
 * question and changes nothing; the answer is a POST carrying a CSRF token bound to a sealed
 * pre-session cookie and to this link, so another site cannot answer for the citizen. The page
 * never shows the message, the sender or the citizen's details: only when and where it arrived.
 * For a mailbox configured for Wales the page opens in Welsh, with a language toggle to English
 * (`?lang=en`); the form keeps the language chosen (DWP Email Policy 3.9).
 */
import { randomBytes } from 'node:crypto';
import { linkHash } from '../pipeline/link-hash.ts';
import { type AssetOptions, serveAsset } from '../web/assets.ts';
import { type CookieSettings, openCookie, sealedCookie } from '../web/cookies.ts';
import { CSRF_FIELD, csrfToken, validCsrfToken } from '../web/csrf.ts';
import { formFields, type WebRequest, type WebResponse } from '../web/http.ts';
import { cspNonce, securityHeaders } from '../web/security-headers.ts';
import type { RenderView } from '../web/views.ts';
import type { Answer, AnswerResult, ConfirmationService } from './answer-confirmation.ts';
import { type Language, PAGE_WORDING, pageLanguage } from './confirmation-wording.ts';

export interface ConfirmationPageDependencies {
  readonly service: ConfirmationService;
  /** A renderer over `shared/confirm/views`, the shared layout and GOV.UK Frontend. */
  readonly views: RenderView;
  readonly cookies: CookieSettings;
  /** Server secret CSRF tokens are minted under. */
  readonly csrfSecret: Uint8Array;
  readonly assets: AssetOptions;
  /** Mailboxes configured for Wales (lower-cased): their pages open in Welsh and offer English. Default none. */
  readonly welshMailboxes?: ReadonlySet<string>;
}

/** The views folder of this page. */
export const CONFIRMATION_VIEWS_DIR = new URL('./views', import.meta.url).pathname;

const PRE_SESSION = 'caveat-confirm';
/** The pre-session cookie lives as long as someone might take to answer. */
const PRE_SESSION_SECONDS = 3_600;
const PATH = /^\/confirm\/([^/]{1,100})$/;
const ANSWERS: readonly Answer[] = ['confirm', 'not-me'];

const dateTime = (at: Date, locale: string) =>
  at.toLocaleString(locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/London' });
const dateOnly = (at: Date, locale: string) =>
  at.toLocaleDateString(locale, {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  });

export function confirmationPage(deps: ConfirmationPageDependencies) {
  const welsh = deps.welshMailboxes ?? new Set<string>();
  /** The language of a page about `mailbox` (undefined: the link names no hold), and the ones offered. */
  const languageFor = (request: WebRequest, mailbox: string | undefined) =>
    pageLanguage(
      request.query.get('lang'),
      mailbox ? welsh.has(mailbox.toLowerCase()) : welsh.size > 0,
      mailbox !== undefined,
    );

  const page = (
    request: WebRequest,
    { language, offered }: ReturnType<typeof languageFor>,
    status: number,
    template: string,
    context: Record<string, unknown>,
    cookies?: string[],
  ): WebResponse => {
    const nonce = cspNonce();
    const wording = PAGE_WORDING[language];
    return {
      status,
      headers: {
        ...securityHeaders({ nonce }),
        'content-type': 'text/html; charset=utf-8',
        'content-language': language,
      },
      body: deps.views(template, {
        ...context,
        serviceName: wording.serviceName,
        cspNonce: nonce,
        disclaimer: wording.disclaimer,
        htmlLang: language,
        frame: wording.frame,
        languageToggle:
          offered.length > 1
            ? {
                label: wording.toggle.label,
                options: offered.map((other: Language) => ({
                  lang: other,
                  ...PAGE_WORDING[other].toggle,
                  href: `${request.path}?lang=${other}`,
                  current: other === language,
                })),
              }
            : undefined,
      }),
      ...(cookies ? { cookies } : {}),
    };
  };
  const ending = (request: WebRequest, result: AnswerResult) => {
    const languages = languageFor(request, 'mailbox' in result ? result.mailbox : undefined);
    const { status, heading, paragraphs, panel } = PAGE_WORDING[languages.language].endings[result.state];
    return page(request, languages, status, 'confirm-result.njk', {
      pageTitle: heading,
      heading,
      paragraphs,
      panel: Boolean(panel),
    });
  };
  /** The CSRF token binds the pre-session and this link's hash: valid for this browser and link only. */
  const csrfFor = (preSession: string, token: string) =>
    csrfToken(deps.csrfSecret, preSession, `confirm:${linkHash(token)}`);

  const question = async (
    request: WebRequest,
    token: string,
    answerMissing = false,
  ): Promise<WebResponse> => {
    const view = await deps.service.view(token);
    if (view.state !== 'pending') return ending(request, view);
    const languages = languageFor(request, view.mailbox);
    const words = PAGE_WORDING[languages.language];
    const existing = await openCookie(deps.cookies, request.cookies, PRE_SESSION);
    const preSession = typeof existing?.id === 'string' ? existing.id : randomBytes(32).toString('base64url');
    const cookies = existing
      ? undefined
      : [await sealedCookie(deps.cookies, PRE_SESSION, { id: preSession }, PRE_SESSION_SECONDS)];
    const error = answerMissing ? words.question.noAnswer : undefined;
    return page(
      request,
      languages,
      error ? 400 : 200,
      'confirm.njk',
      {
        pageTitle: error ? `${words.question.errorPrefix}: ${words.question.title}` : words.question.title,
        // The answer keeps the language the question was read in.
        action: languages.offered.length > 1 ? `${request.path}?lang=${languages.language}` : request.path,
        csrf: csrfFor(preSession, token),
        words: {
          ...words.question,
          hint: words.question.hint(dateTime(view.receivedAt, words.locale), view.mailbox),
          deadline: words.question.deadline(dateOnly(view.confirmBy, words.locale)),
        },
        ...(error ? { error } : {}),
      },
      cookies,
    );
  };

  return async (request: WebRequest): Promise<WebResponse> => {
    const asset = await serveAsset(deps.assets, request.path);
    if (asset) return asset;
    const token = PATH.exec(request.path)?.[1];
    if (!token) return ending(request, { state: 'unknown' });
    if (request.method === 'GET' || request.method === 'HEAD') return question(request, token);
    if (request.method !== 'POST') return { status: 405, headers: { allow: 'GET, POST' }, body: '' };

    const fields = formFields(request);
    const preSession = await openCookie(deps.cookies, request.cookies, PRE_SESSION);
    const bound = typeof preSession?.id === 'string' ? preSession.id : '';
    if (!validCsrfToken(deps.csrfSecret, bound, `confirm:${linkHash(token)}`, fields.get(CSRF_FIELD))) {
      // Nothing is looked up for a forged answer: its language comes from the form alone.
      const languages = languageFor(request, undefined);
      const { heading, paragraphs } = PAGE_WORDING[languages.language].notSent;
      return page(request, languages, 403, 'confirm-result.njk', { pageTitle: heading, heading, paragraphs });
    }
    const answer = fields.get('answer') as Answer | null;
    if (!answer || !ANSWERS.includes(answer)) return question(request, token, true);
    return ending(request, await deps.service.answer(token, answer));
  };
}
