/**
 * Officer sign-in with `openid-client`: discovery of the provider (Cognito, Entra ID or any
 * OpenID Connect issuer), the authorization code flow with PKCE (S256), state and nonce, and
 * the ID token's signature, issuer, audience and expiry checked by the library.
 */
import * as client from 'openid-client';
import type { Officer, PendingSignIn, SignIn } from '../portal/ports.ts';

export interface OidcSettings {
  readonly issuer: URL;
  readonly clientId: string;
  /** Confidential clients only; a public client (PKCE alone) leaves it out. */
  readonly clientSecret?: string;
  /** The portal's `/auth/callback` URL, registered with the provider. */
  readonly redirectUri: string;
  /** The ID token claim listing the officer's groups. Default `cognito:groups`. */
  readonly groupsClaim?: string;
  /** Plain-HTTP issuer, for the local provider only. */
  readonly allowHttp?: boolean;
}

/** The provider's answer did not identify an officer (no subject, or groups not a list of strings). */
export class SignInError extends Error {
  override readonly name = 'SignInError';
}

export class OpenIdClientSignIn implements SignIn {
  readonly #settings: OidcSettings;
  #configuration: Promise<client.Configuration> | undefined;

  constructor(settings: OidcSettings) {
    this.#settings = settings;
  }

  async begin(): Promise<{ url: string; pending: PendingSignIn }> {
    const config = await this.#config();
    const pending = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.#settings.redirectUri,
      scope: 'openid profile email',
      response_type: 'code',
      code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    });
    return { url: url.href, pending };
  }

  async authorizationOrigin(): Promise<string> {
    const endpoint = (await this.#config()).serverMetadata().authorization_endpoint;
    if (!endpoint) throw new SignInError('the provider publishes no authorization endpoint');
    return new URL(endpoint).origin;
  }

  async complete(callbackUrl: URL, pending: PendingSignIn): Promise<Officer> {
    const tokens = await client.authorizationCodeGrant(await this.#config(), callbackUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims?.sub) throw new SignInError('the ID token names no subject');
    const groups = claims[this.#settings.groupsClaim ?? 'cognito:groups'] ?? [];
    if (!Array.isArray(groups) || !groups.every((group) => typeof group === 'string')) {
      throw new SignInError('the groups claim is not a list of group names');
    }
    const name =
      typeof claims.name === 'string'
        ? claims.name
        : typeof claims.email === 'string'
          ? claims.email
          : undefined;
    return { subject: claims.sub, groups, ...(name ? { name } : {}) };
  }

  /** Discovered once, on first use; a failed discovery is retried on the next sign-in. */
  #config(): Promise<client.Configuration> {
    this.#configuration ??= client
      .discovery(
        this.#settings.issuer,
        this.#settings.clientId,
        this.#settings.clientSecret,
        this.#settings.clientSecret ? undefined : client.None(),
        this.#settings.allowHttp ? { execute: [client.allowInsecureRequests] } : {},
      )
      .catch((error: unknown) => {
        this.#configuration = undefined;
        throw error;
      });
    return this.#configuration;
  }
}
