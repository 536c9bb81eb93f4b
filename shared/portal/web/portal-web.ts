/**
 * The officer portal's web handler: routes, pages and the sign-in flow over the portal's use
 * cases. One handler serves API Gateway (functions/portal) and a local port (local/stack.ts).
 *
 * A link opens in three steps so that mail scanners, which fetch every link, harm nothing:
 * GET /open shows a form (the token stays in the URL fragment, which no server sees); the
 * officer's POST looks the token up; the message page then needs a signed-in officer whose
 * group is entitled to the mailbox.
 */
import { join } from 'node:path';
import { type AssetOptions, serveAsset } from '../../web/assets.ts';
import type { CookieSettings } from '../../web/cookies.ts';
import { CSRF_FIELD, csrfToken, validCsrfToken } from '../../web/csrf.ts';
import { formFields, redirect, type WebRequest, type WebResponse } from '../../web/http.ts';
import type { WebHandler } from '../../web/node-http.ts';
import { cspNonce, securityHeaders } from '../../web/security-headers.ts';
import { createViews, installedGovukFrontendDir, type RenderView } from '../../web/views.ts';
import type { Portal, Refusal, SignedIn } from '../portal.ts';
import type { SignIn } from '../ports.ts';
import { REFUSAL_PAGES, type RefusalPage } from './refusal-pages.ts';
import {
  currentSession,
  endSession,
  forgetSignIn,
  rememberSignIn,
  type Session,
  safeReturnPath,
  signInInProgress,
  startSession,
  visitorId,
} from './session.ts';

export const PORTAL_VIEWS_DIR = join(import.meta.dirname, 'views');
export const PORTAL_ASSETS_DIR = join(import.meta.dirname, 'assets');

export interface PortalWebSettings {
  readonly cookies: CookieSettings;
  /** Secret CSRF tokens are derived from (32 bytes). */
  readonly csrfSecret: Uint8Array;
  /** The portal's own origin, e.g. `https://portal.example.gov.uk`: callbacks arrive here. */
  readonly baseUrl: string;
  /** Seconds a session lasts. Default 8 hours: one working day. */
  readonly sessionSeconds?: number;
  /** The `govuk-frontend` `dist` folder (templates and assets). */
  readonly govukFrontendDir?: string;
  /** Where the portal's own views and assets are (a Lambda bundle copies them beside itself). */
  readonly portalViewsDir?: string;
  readonly portalAssetsDir?: string;
  readonly sharedViewsDir?: string;
  readonly serviceName?: string;
}

export interface PortalWebDependencies {
  readonly portal: Portal;
  readonly signIn: SignIn;
  readonly settings: PortalWebSettings;
  /** Told about unexpected errors (name and stage only reach logs). */
  readonly onError?: (error: unknown) => void;
}

const MAILBOX_SEGMENT = '([^/@\\s]{1,64}@[^/\\s]{1,255})';
const ID_SEGMENT = '([A-Za-z0-9._-]{1,200})';
const INBOX = new RegExp(`^/mailboxes/${MAILBOX_SEGMENT}$`);
const MESSAGE = new RegExp(`^/mailboxes/${MAILBOX_SEGMENT}/messages/${ID_SEGMENT}$`);
const ATTACHMENT = new RegExp(
  `^/mailboxes/${MAILBOX_SEGMENT}/messages/${ID_SEGMENT}/attachments/(\\d{1,4})$`,
);
const REVOKE = new RegExp(`^/mailboxes/${MAILBOX_SEGMENT}/messages/${ID_SEGMENT}/revoke$`);

export function createPortalWeb(deps: PortalWebDependencies): WebHandler {
  const { settings, portal } = deps;
  const serviceName = settings.serviceName ?? 'Caveat officer portal';
  const views: RenderView = createViews({
    viewDirs: [settings.portalViewsDir ?? PORTAL_VIEWS_DIR],
    ...(settings.govukFrontendDir ? { govukFrontendDir: settings.govukFrontendDir } : {}),
    ...(settings.sharedViewsDir ? { sharedViewsDir: settings.sharedViewsDir } : {}),
  });
  const assets: AssetOptions = {
    govukFrontendDir: settings.govukFrontendDir ?? installedGovukFrontendDir(),
    ownFiles: {
      'open-link.js': join(settings.portalAssetsDir ?? PORTAL_ASSETS_DIR, 'open-link.js'),
      'portal.css': join(settings.portalAssetsDir ?? PORTAL_ASSETS_DIR, 'portal.css'),
    },
  };
  const csrf = (binding: string, purpose: string) => csrfToken(settings.csrfSecret, binding, purpose);
  const csrfValid = (request: WebRequest, binding: string, purpose: string) =>
    validCsrfToken(settings.csrfSecret, binding, purpose, formFields(request).get(CSRF_FIELD));

  // The provider's origin is learnt once (discovery); until it answers, forms stay same-origin.
  let signInOrigin: string | undefined;
  const learnSignInOrigin = async () => {
    signInOrigin ??= await deps.signIn.authorizationOrigin().catch((error: unknown) => {
      deps.onError?.(error);
      return undefined;
    });
  };
  const page = (
    template: string,
    context: Record<string, unknown>,
    options: { status?: number; cookies?: readonly string[]; session?: Session; framesSrcdoc?: boolean } = {},
  ): WebResponse => {
    const nonce = cspNonce();
    const body = views(template, {
      ...context,
      serviceName,
      cspNonce: nonce,
      ...(options.session
        ? {
            signOutCsrf: csrf(options.session.id, 'sign-out'),
            officerName: options.session.officer.name,
            navigation: [{ href: '/', text: 'Mailboxes' }],
          }
        : {}),
    });
    return {
      status: options.status ?? 200,
      headers: {
        ...securityHeaders({
          nonce,
          framesSrcdoc: options.framesSrcdoc ?? false,
          ...(signInOrigin ? { formActionOrigins: [signInOrigin] } : {}),
        }),
        'content-type': 'text/html; charset=utf-8',
      },
      body,
      ...(options.cookies ? { cookies: options.cookies } : {}),
    };
  };
  const notice = (
    refusal: RefusalPage,
    session?: Session,
    next: { href: string; text: string } = { href: '/', text: 'Go to the start page' },
  ) =>
    page(
      'notice.njk',
      { pageTitle: refusal.title, paragraphs: refusal.paragraphs, next },
      { status: refusal.status, ...(session ? { session } : {}) },
    );
  const refused = (refusal: Refusal, session?: Session) => notice(REFUSAL_PAGES[refusal.reason], session);
  const notFound = (session?: Session) =>
    notice(
      {
        status: 404,
        title: 'Page not found',
        paragraphs: ['If you typed the web address, check it is correct.'],
      },
      session,
    );

  const signedIn = (request: WebRequest, session: Session): SignedIn => ({
    officer: session.officer,
    sourceIp: request.sourceIp,
    requestId: request.requestId,
  });

  /** Pages that need an officer: without a session, off to sign in and back. */
  const withSession = async (
    request: WebRequest,
    then: (session: Session) => Promise<WebResponse>,
  ): Promise<WebResponse> => {
    const session = await currentSession(settings.cookies, request.cookies);
    if (!session) return redirect(`/sign-in?return=${encodeURIComponent(request.path)}`);
    return then(session);
  };

  const routes = async (request: WebRequest): Promise<WebResponse> => {
    const { method, path } = request;
    const asset = method === 'GET' ? await serveAsset(assets, path) : undefined;
    if (asset) return asset;
    await learnSignInOrigin();

    if (path === '/' && method === 'GET') {
      const session = await currentSession(settings.cookies, request.cookies);
      return session
        ? page(
            'home.njk',
            { pageTitle: 'Your mailboxes', mailboxes: portal.mailboxesOf(session.officer) },
            { session },
          )
        : page('home.njk', { pageTitle: 'Read protected messages' });
    }

    if (path === '/open' && method === 'GET') {
      const visitor = await visitorId(settings.cookies, request.cookies);
      return page(
        'open.njk',
        { pageTitle: 'Open a protected message', csrf: csrf(visitor.id, 'open') },
        visitor.cookie ? { cookies: [visitor.cookie] } : {},
      );
    }
    if (path === '/open' && method === 'POST') {
      const visitor = await visitorId(settings.cookies, request.cookies);
      if (visitor.cookie || !csrfValid(request, visitor.id, 'open')) return notice(REFUSAL_PAGES.csrf);
      const outcome = await portal.openLink(
        { sourceIp: request.sourceIp, requestId: request.requestId },
        formFields(request).get('token')?.trim() ?? '',
      );
      if (outcome.kind === 'refused') return refused(outcome);
      return redirect(messagePath(outcome.mailbox, outcome.messageId));
    }

    if (path === '/sign-in' && method === 'GET') {
      const { url, pending } = await deps.signIn.begin();
      const returnTo = safeReturnPath(request.query.get('return'));
      return redirect(url, [await rememberSignIn(settings.cookies, { ...pending, returnTo })]);
    }
    if (path === '/auth/callback' && method === 'GET') {
      const pending = await signInInProgress(settings.cookies, request.cookies);
      if (!pending)
        return notice(REFUSAL_PAGES['sign-in-failed'], undefined, { href: '/sign-in', text: 'Sign in' });
      const callback = new URL(`${settings.baseUrl.replace(/\/+$/, '')}/auth/callback`);
      callback.search = request.query.toString();
      let officer: Awaited<ReturnType<SignIn['complete']>>;
      try {
        officer = await deps.signIn.complete(callback, pending);
      } catch (error) {
        deps.onError?.(error);
        return notice(REFUSAL_PAGES['sign-in-failed'], undefined, { href: '/sign-in', text: 'Sign in' });
      }
      return redirect(safeReturnPath(pending.returnTo), [
        await startSession(settings.cookies, officer, settings.sessionSeconds ?? 8 * 3600),
        forgetSignIn(settings.cookies),
      ]);
    }
    if (path === '/sign-out' && method === 'POST') {
      const session = await currentSession(settings.cookies, request.cookies);
      if (session && !csrfValid(request, session.id, 'sign-out')) return notice(REFUSAL_PAGES.csrf, session);
      return page(
        'notice.njk',
        {
          pageTitle: 'You have signed out',
          paragraphs: ['Close this window if you are using a shared computer.'],
        },
        { cookies: [endSession(settings.cookies)] },
      );
    }

    const inbox = INBOX.exec(path);
    if (inbox && method === 'GET') {
      return withSession(request, async (session) => {
        const mailbox = inbox[1]!.toLowerCase();
        const outcome = await portal.inbox(signedIn(request, session), mailbox);
        if (outcome.kind === 'refused') return refused(outcome, session);
        const items = outcome.items.map((item) => ({ ...item, received: readableTime(item.receivedAt) }));
        return page('inbox.njk', { pageTitle: 'Messages', mailbox, items }, { session });
      });
    }
    const message = MESSAGE.exec(path);
    if (message && method === 'GET') {
      return withSession(request, async (session) => {
        const ref = { mailbox: message[1]!.toLowerCase(), messageId: message[2]! };
        const outcome = await portal.viewMessage(signedIn(request, session), ref);
        if (outcome.kind === 'refused') return refused(outcome, session);
        const view = {
          ...outcome.view,
          receivedAt: readableTime(outcome.view.receivedAt),
          expiresAt: readableTime(outcome.view.expiresAt),
        };
        return page(
          'message.njk',
          { pageTitle: view.subject || 'Protected message', view, revokeCsrf: csrf(session.id, 'revoke') },
          { session, framesSrcdoc: view.html !== undefined },
        );
      });
    }
    const attachment = ATTACHMENT.exec(path);
    if (attachment && method === 'GET') {
      return withSession(request, async (session) => {
        const ref = { mailbox: attachment[1]!.toLowerCase(), messageId: attachment[2]! };
        const outcome = await portal.downloadAttachment(
          signedIn(request, session),
          ref,
          Number(attachment[3]),
        );
        if (outcome.kind === 'refused') return refused(outcome, session);
        const { download } = outcome;
        return {
          status: 200,
          headers: {
            ...securityHeaders({ nonce: cspNonce() }),
            // Nothing downloaded runs here: a download, typed as sent, never sniffed or framed.
            'content-security-policy': "default-src 'none'; sandbox",
            'content-type': download.contentType,
            'content-disposition': contentDisposition(download.filename),
          },
          body: download.body,
        };
      });
    }
    const revoke = REVOKE.exec(path);
    if (revoke && method === 'POST') {
      return withSession(request, async (session) => {
        if (!csrfValid(request, session.id, 'revoke')) return notice(REFUSAL_PAGES.csrf, session);
        const ref = { mailbox: revoke[1]!.toLowerCase(), messageId: revoke[2]! };
        const outcome = await portal.revokeLink(signedIn(request, session), ref);
        if (outcome.kind === 'refused') return refused(outcome, session);
        return page(
          'notice.njk',
          {
            pageTitle: 'Link revoked',
            paragraphs: [
              'Nobody can open this message in the portal any more. The revocation has been recorded.',
            ],
            next: { href: `/mailboxes/${encodeURIComponent(ref.mailbox)}`, text: 'Back to the mailbox' },
          },
          { session },
        );
      });
    }
    return notFound(await currentSession(settings.cookies, request.cookies));
  };

  return async (request) => {
    try {
      return await routes(request);
    } catch (error) {
      deps.onError?.(error);
      return notice({
        status: 500,
        title: 'Sorry, there is a problem with the service',
        paragraphs: ['Try again later. Nothing you did has been lost.'],
      });
    }
  };
}

export function messagePath(mailbox: string, messageId: string): string {
  return `/mailboxes/${encodeURIComponent(mailbox)}/messages/${encodeURIComponent(messageId)}`;
}

function readableTime(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** RFC 6266: an ASCII fallback name and the exact name in UTF-8. */
function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|[\\"%]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
