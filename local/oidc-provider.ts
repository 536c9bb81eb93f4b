/**
 * A real OpenID Connect provider for the local stack (`oidc-provider`, certified by the OpenID
 * Foundation), standing in for Cognito or Entra ID: discovery, the authorization code flow with
 * PKCE required, signed ID tokens carrying a `groups` claim. Its sign-in page checks the seeded
 * officers' username and password; consent is implied for the portal, a first-party client.
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { type Context } from 'oidc-provider';
import type { LocalOfficer } from './officers.ts';

export const LOCAL_PORTAL_CLIENT_ID = 'caveat-portal-local';

export interface LocalOidcProvider {
  /** The issuer URL, e.g. `http://127.0.0.1:8010`. */
  readonly issuer: string;
  readonly port: number;
  stop(): Promise<void>;
}

export interface LocalOidcOptions {
  readonly officers: readonly LocalOfficer[];
  readonly password: string;
  /** The portal's `/auth/callback` URL. */
  readonly redirectUri: string;
  readonly port?: number;
}

export async function startLocalOidcProvider(options: LocalOidcOptions): Promise<LocalOidcProvider> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const issuer = `http://127.0.0.1:${port}`;
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const officers = new Map(options.officers.map((officer) => [officer.username, officer]));

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: LOCAL_PORTAL_CLIENT_ID,
        token_endpoint_auth_method: 'none',
        redirect_uris: [options.redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), use: 'sig', alg: 'RS256', kid: 'local' }] },
    pkce: { required: () => true },
    // The portal reads the officer's name and groups from the ID token, as it does from Cognito's.
    conformIdTokenClaims: false,
    claims: { openid: ['sub'], profile: ['name', 'groups'], email: ['email'] },
    findAccount: (_ctx: unknown, id: string) => {
      const officer = officers.get(id);
      return officer
        ? {
            accountId: id,
            claims: () => ({
              sub: id,
              name: officer.name,
              email: officer.email,
              groups: [...officer.groups],
            }),
          }
        : undefined;
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    features: { devInteractions: { enabled: false } },
    loadExistingGrant: async (ctx: Context) => {
      const { oidc } = ctx;
      const grantId = oidc.result?.consent?.grantId ?? oidc.session.grantIdFor(oidc.client.clientId);
      if (grantId) return oidc.provider.Grant.find(grantId);
      const grant = new oidc.provider.Grant({
        clientId: oidc.client.clientId,
        accountId: oidc.session.accountId,
      });
      grant.addOIDCScope('openid profile email');
      await grant.save();
      return grant;
    },
    ttl: {
      Session: 3600,
      Interaction: 600,
      Grant: 3600,
      IdToken: 600,
      AccessToken: 600,
      AuthorizationCode: 60,
    },
  });
  const providerHandler = provider.callback();

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', issuer);
    const match = /^\/interaction\/([\w-]+)(\/login)?$/.exec(url.pathname);
    if (!match) {
      providerHandler(req, res);
      return;
    }
    signInPage(provider, officers, options.password, req, res, Boolean(match[2])).catch(() => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('Sign-in failed: start again from the portal.');
    });
  });

  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function signInPage(
  provider: Provider,
  officers: ReadonlyMap<string, LocalOfficer>,
  password: string,
  req: IncomingMessage,
  res: ServerResponse,
  submitted: boolean,
): Promise<void> {
  const interaction = await provider.interactionDetails(req, res);
  if (!submitted || req.method !== 'POST') {
    page(res, 200, interaction.uid);
    return;
  }
  const form = new URLSearchParams(await body(req));
  const username = form.get('username') ?? '';
  const given = Buffer.from(form.get('password') ?? '');
  const expected = Buffer.from(password);
  const passwordMatches = given.length === expected.length && timingSafeEqual(given, expected);
  if (!officers.has(username) || !passwordMatches) {
    page(res, 401, interaction.uid, 'The username or password is not right.');
    return;
  }
  await provider.interactionFinished(req, res, { login: { accountId: username } });
}

function page(res: ServerResponse, status: number, uid: string, error?: string): void {
  const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy':
      "default-src 'none'; form-action 'self' http://127.0.0.1:*; frame-ancestors 'none'",
    'cache-control': 'no-store',
  });
  res.end(`<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in – Local officer accounts</title></head>
<body>
<main>
<h1>Sign in to the local officer provider</h1>
<p>This stands in for your department's sign-in (Cognito or Entra ID) on a local stack.</p>
${error ? `<p role="alert" id="error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="/interaction/${escapeHtml(uid)}/login">
<p><label for="username">Username</label><br><input id="username" name="username" autocomplete="username" required></p>
<p><label for="password">Password</label><br><input id="password" name="password" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>
</main>
</body>
</html>`);
}

function body(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 4096) req.destroy();
    });
    req.on('end', () => resolve(text));
    req.on('error', reject);
  });
}
