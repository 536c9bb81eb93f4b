import { resolve } from 'node:path';
import { type CfnElement, CfnOutput, Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { esmBundling } from './function-bundling.ts';
import type { CaveatKeys } from './keys.ts';
import { MAIL_PREFIXES } from './mail-bucket.ts';
import type { CaveatTables } from './tables.ts';
import { webSecret } from './web-secret.ts';

const PROJECT_ROOT = resolve(import.meta.dirname, '../..');

/** An external OpenID Connect provider the portal trusts instead of Cognito. */
export interface ExternalOidcProvider {
  readonly issuer: string;
  readonly clientId: string;
  readonly groupsClaim: string;
}

/** Props of {@link OfficerPortal}. */
export interface OfficerPortalProps {
  /** The mail bucket: the portal reads `ciphertext/` only. Required. */
  readonly bucket: s3.Bucket;
  /** Decisions (append access records), portal links, holds. Required. */
  readonly tables: CaveatTables;
  /** Data key (bucket, tables, logs, secret) and message key (decrypt: the portal alone). Required. */
  readonly keys: CaveatKeys;
  /** The portal's domain: links and the sign-in callback use `https://<portalDomain>`. Required. */
  readonly portalDomain: string;
  /** Group → mailboxes an officer in it may read. Required (may be empty: nobody reads). */
  readonly entitlements: Readonly<Record<string, readonly string[]>>;
  /** An external provider (Entra ID, …). @default a Cognito user pool made here */
  readonly oidc?: ExternalOidcProvider;
  /** Cognito hosted-UI domain prefix. @default `<stack name>-officers`, lower-cased */
  readonly cognitoDomainPrefix?: string;
  /** Minutes a session lasts. Required. */
  readonly sessionMinutes: number;
  /** Years an access record is kept. Required. */
  readonly auditYears: number;
  /** Requests per second the API accepts (steady), and its burst. @default 20 and 40 */
  readonly throttle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** Log retention. @default logs.RetentionDays.ONE_YEAR */
  readonly logRetention?: logs.RetentionDays;
  /** @default RemovalPolicy.RETAIN */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The officer portal: an API Gateway HTTP API in front of one Lambda (Node.js 24, arm64) that
 * serves the GOV.UK pages, signs officers in with OpenID Connect (a Cognito user pool by
 * default, or the department's provider) and decrypts protected messages. Its role is the only
 * one the message key lets decrypt, and it reads nothing but `ciphertext/` in the bucket.
 */
export class OfficerPortal extends Construct {
  public readonly function: nodejs.NodejsFunction;
  public readonly role: iam.Role;
  public readonly api: apigw.HttpApi;
  public readonly secret: secretsmanager.Secret;
  /** The Cognito user pool, when no external provider is configured. */
  public readonly userPool?: cognito.UserPool;

  constructor(scope: Construct, id: string, props: OfficerPortalProps) {
    super(scope, id);
    const removalPolicy = props.removalPolicy ?? RemovalPolicy.RETAIN;
    const baseUrl = `https://${props.portalDomain}`;

    this.secret = webSecret(this, 'Secret', {
      description: 'Caveat portal: the secret cookie and CSRF keys are derived from',
      encryptionKey: props.keys.dataKey,
      rotation:
        'Rotating it signs every officer out, so it is rotated by hand (put a new random value) when needed.',
      removalPolicy,
    });
    const identity = props.oidc ?? this.cognito(props, baseUrl, removalPolicy);

    const logGroup = new logs.LogGroup(this, 'Logs', {
      encryptionKey: props.keys.dataKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description:
        'Caveat portal: read and decrypt protected messages for entitled officers, record each access',
    });
    const govuk = resolve(PROJECT_ROOT, 'node_modules/govuk-frontend/dist');
    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description:
        'Caveat: officer portal (GOV.UK pages, OpenID Connect sign-in, decryption of protected messages)',
      entry: resolve(PROJECT_ROOT, 'functions/portal/index.ts'),
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: resolve(PROJECT_ROOT, 'package-lock.json'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(29),
      role: this.role,
      logGroup,
      tracing: lambda.Tracing.ACTIVE,
      // Templates and assets sit beside the bundle, where functions/portal/index.ts looks.
      bundling: esmBundling({
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (inputDir, outputDir) => [
          `mkdir -p ${outputDir}/govuk-frontend ${outputDir}/views`,
          `cp -R ${govuk}/govuk ${outputDir}/govuk-frontend/govuk`,
          `cp -R ${inputDir}/shared/portal/web/views ${outputDir}/views/portal`,
          `cp -R ${inputDir}/shared/web/views ${outputDir}/views/shared`,
          `cp -R ${inputDir}/shared/portal/web/assets ${outputDir}/assets`,
        ],
      }),
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'caveat-portal',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        CAVEAT_MAIL_BUCKET: props.bucket.bucketName,
        CAVEAT_DECISIONS_TABLE: props.tables.decisions.tableName,
        CAVEAT_HOLDS_TABLE: props.tables.holds.tableName,
        CAVEAT_PORTAL_LINKS_TABLE: props.tables.portalLinks.tableName,
        CAVEAT_MESSAGE_KEY_ARN: props.keys.messageKey.keyArn,
        CAVEAT_PORTAL_SECRET_ARN: this.secret.secretArn,
        CAVEAT_PORTAL_BASE_URL: baseUrl,
        CAVEAT_PORTAL_ENTITLEMENTS: JSON.stringify(props.entitlements),
        CAVEAT_OIDC_ISSUER: identity.issuer,
        CAVEAT_OIDC_CLIENT_ID: identity.clientId,
        CAVEAT_OIDC_GROUPS_CLAIM: identity.groupsClaim,
        CAVEAT_PORTAL_SESSION_MINUTES: String(props.sessionMinutes),
        CAVEAT_AUDIT_YEARS: String(props.auditYears),
      },
    });
    this.grantPortal(props, logGroup);

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      encryptionKey: props.keys.dataKey,
      retention: props.logRetention ?? logs.RetentionDays.ONE_YEAR,
      removalPolicy,
    });
    this.api = new apigw.HttpApi(this, 'Api', {
      description: 'Caveat officer portal',
      defaultIntegration: new HttpLambdaIntegration('Portal', this.function, {
        payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0,
      }),
      createDefaultStage: false,
    });
    const throttle = props.throttle ?? { rateLimit: 20, burstLimit: 40 };
    const stage = new apigw.HttpStage(this, 'Stage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle,
    });
    // Access logs carry the route and status, never the path: a path holds a mailbox address.
    const cfnStage = stage.node.defaultChild as apigw.CfnStage;
    cfnStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };
    accessLogs.grantWrite(new iam.ServicePrincipal('apigateway.amazonaws.com'));
    for (const route of this.api.node.findAll().filter((c) => c instanceof apigw.HttpRoute)) {
      Validations.of(route).acknowledge({
        id: 'AwsSolutions-APIG4',
        reason:
          'The portal authenticates officers itself (OpenID Connect, sealed session cookie) and must serve the link and sign-in pages before sign-in; every page that shows data checks the session and the group entitlement.',
      });
    }
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.apiEndpoint,
      description: `Map ${props.portalDomain} to this API (custom domain and certificate) so notification links reach it`,
    });
  }

  /** A user pool for officers, with MFA and a strong password policy, and one group per entitlement. */
  private cognito(
    props: OfficerPortalProps,
    baseUrl: string,
    removalPolicy: RemovalPolicy,
  ): ExternalOidcProvider {
    const stack = Stack.of(this);
    const pool = new cognito.UserPool(this, 'Officers', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy,
    });
    (this as { userPool?: cognito.UserPool }).userPool = pool;
    pool.addDomain('Domain', {
      cognitoDomain: {
        domainPrefix: props.cognitoDomainPrefix ?? `${stack.stackName.toLowerCase()}-officers`,
      },
    });
    const client = pool.addClient('Portal', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.PROFILE, cognito.OAuthScope.EMAIL],
        callbackUrls: [`${baseUrl}/auth/callback`],
        logoutUrls: [`${baseUrl}/`],
      },
      preventUserExistenceErrors: true,
      idTokenValidity: Duration.minutes(60),
      accessTokenValidity: Duration.minutes(60),
    });
    for (const group of Object.keys(props.entitlements)) {
      new cognito.CfnUserPoolGroup(this, `Group${group.replace(/[^A-Za-z0-9]/g, '')}`, {
        userPoolId: pool.userPoolId,
        groupName: group,
        description: `Reads ${props.entitlements[group]?.join(', ')}`,
      });
    }
    return {
      issuer: `https://cognito-idp.${stack.region}.amazonaws.com/${pool.userPoolId}`,
      clientId: client.userPoolClientId,
      groupsClaim: 'cognito:groups',
    };
  }

  private grantPortal(props: OfficerPortalProps, logGroup: logs.LogGroup): void {
    const { bucket, tables, keys } = props;
    const allow = (sid: string, actions: string[], resources: string[]) =>
      this.role.addToPrincipalPolicy(new iam.PolicyStatement({ sid, actions, resources }));
    allow('ReadCiphertext', ['s3:GetObject'], [bucket.arnForObjects(`${MAIL_PREFIXES.ciphertext}*`)]);
    // Appending reads the audit chain's head, then puts the entry and the head in one transaction.
    allow('AppendAccessRecords', ['dynamodb:GetItem', 'dynamodb:PutItem'], [tables.decisions.tableArn]);
    allow(
      'ReadAndMarkLinks',
      ['dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query'],
      [tables.portalLinks.tableArn, `${tables.portalLinks.tableArn}/index/byMailbox`],
    );
    allow('ListHolds', ['dynamodb:Query'], [`${tables.holds.tableArn}/index/byMailbox`]);
    keys.dataKey.grant(this.role, 'kms:Decrypt', 'kms:GenerateDataKey');
    // The one grant of Decrypt on the message key, under its context conditions.
    keys.grantDecryptMessages(this.role);
    this.secret.grantRead(this.role);
    logGroup.grantWrite(this.role);

    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'Active tracing: xray:PutTraceSegments and xray:PutTelemetryRecords support no resource-level permissions; the wildcard carries only those two actions.',
    });
    const bucketId = Stack.of(this).resolve(
      Stack.of(this).getLogicalId(bucket.node.defaultChild as CfnElement),
    );
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/${MAIL_PREFIXES.ciphertext}*]`,
      reason:
        'Protected copies are ciphertext/<address>/<message id>, known only per message; GetObject only, on that prefix.',
    });
  }
}
