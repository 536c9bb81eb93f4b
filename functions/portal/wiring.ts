/**
 * Builds the portal's web handler from its settings: real adapters on AWS SDK clients (or local
 * endpoints), the OpenID Connect client, and the keys derived from the portal secret.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import {
  type AwsClientsConfig,
  dynamoDbClient,
  s3Client,
  secretsManagerClient,
} from '../../shared/adapters/aws-clients.ts';
import { DynamoDbAuditLog } from '../../shared/adapters/dynamodb-audit-log.ts';
import { DynamoDbFailedLookups } from '../../shared/adapters/dynamodb-failed-lookups.ts';
import { DynamoDbHeldMessages } from '../../shared/adapters/dynamodb-held-messages.ts';
import { DynamoDbPortalLinks } from '../../shared/adapters/dynamodb-portal-links.ts';
import { messageKeyring } from '../../shared/adapters/encryption-sdk-keyring.ts';
import { EncryptionSdkMessageDecryptor } from '../../shared/adapters/encryption-sdk-message-decryptor.ts';
import { OpenIdClientSignIn } from '../../shared/adapters/openid-client-sign-in.ts';
import { S3MailStore } from '../../shared/adapters/s3-mail-store.ts';
import { readWebSecret } from '../../shared/adapters/secrets-manager-web-secret.ts';
import { systemClock } from '../../shared/adapters/system-clock.ts';
import { createPortal } from '../../shared/portal/portal.ts';
import { createPortalWeb, type PortalWebSettings } from '../../shared/portal/web/portal-web.ts';
import { deriveWebKeys } from '../../shared/web/keys.ts';
import type { WebHandler } from '../../shared/web/node-http.ts';
import { messageKeyConfig } from '../message-key.ts';
import type { PortalSettings } from './settings.ts';

export interface PortalWiringOptions {
  /** Overrides for local runs: endpoints, credentials. */
  readonly clients?: Partial<AwsClientsConfig>;
  /** Where templates and assets are when bundled (the function's folder); default the source tree. */
  readonly files?: Pick<
    PortalWebSettings,
    'govukFrontendDir' | 'portalViewsDir' | 'portalAssetsDir' | 'sharedViewsDir'
  >;
  readonly logger?: Pick<Logger, 'error'>;
}

async function portalSecret(settings: PortalSettings, aws: AwsClientsConfig): Promise<Uint8Array> {
  if (settings.CAVEAT_LOCAL_PORTAL_SECRET) {
    return new Uint8Array(Buffer.from(settings.CAVEAT_LOCAL_PORTAL_SECRET, 'base64'));
  }
  const client = secretsManagerClient(aws);
  try {
    return await readWebSecret(client, settings.CAVEAT_PORTAL_SECRET_ARN ?? '');
  } finally {
    client.destroy();
  }
}

export async function wirePortal(
  settings: PortalSettings,
  options: PortalWiringOptions = {},
): Promise<WebHandler> {
  const aws: AwsClientsConfig = {
    region: settings.AWS_REGION,
    s3ForcePathStyle: settings.CAVEAT_S3_FORCE_PATH_STYLE,
    ...options.clients,
  };
  const dynamo = dynamoDbClient(aws);
  const keys = deriveWebKeys(await portalSecret(settings, aws), 'caveat-portal');
  const baseUrl = settings.CAVEAT_PORTAL_BASE_URL.replace(/\/+$/, '');
  const portal = createPortal({
    links: new DynamoDbPortalLinks(dynamo, settings.CAVEAT_PORTAL_LINKS_TABLE),
    holds: new DynamoDbHeldMessages(dynamo, settings.CAVEAT_HOLDS_TABLE),
    failedLookups: new DynamoDbFailedLookups(dynamo, settings.CAVEAT_PORTAL_LINKS_TABLE, systemClock, {
      limit: settings.CAVEAT_FAILED_LOOKUP_LIMIT,
    }),
    store: new S3MailStore(s3Client(aws), settings.CAVEAT_MAIL_BUCKET),
    decryptor: new EncryptionSdkMessageDecryptor(messageKeyring(messageKeyConfig(settings, aws))),
    audit: new DynamoDbAuditLog(dynamo, settings.CAVEAT_DECISIONS_TABLE),
    clock: systemClock,
    entitlements: settings.CAVEAT_PORTAL_ENTITLEMENTS,
    retentionYears: settings.CAVEAT_AUDIT_YEARS,
  });
  const issuer = new URL(settings.CAVEAT_OIDC_ISSUER);
  return createPortalWeb({
    portal,
    signIn: new OpenIdClientSignIn({
      issuer,
      clientId: settings.CAVEAT_OIDC_CLIENT_ID,
      redirectUri: `${baseUrl}/auth/callback`,
      groupsClaim: settings.CAVEAT_OIDC_GROUPS_CLAIM,
      allowHttp: issuer.protocol === 'http:',
    }),
    settings: {
      cookies: { key: keys.cookieKey, secure: baseUrl.startsWith('https:') },
      csrfSecret: keys.csrfSecret,
      baseUrl,
      sessionSeconds: settings.CAVEAT_PORTAL_SESSION_MINUTES * 60,
      ...options.files,
    },
    onError: (error) =>
      options.logger?.error('portal request failed', {
        error: error instanceof Error ? { name: error.name } : { name: 'UnknownError' },
      }),
  });
}
