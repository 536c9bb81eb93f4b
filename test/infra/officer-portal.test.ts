import { describe, expect, it } from 'vitest';
import { actionsOf, resources, statementsOf, synthDemo } from './synth.ts';

const { template } = synthDemo();
const functions = resources(template, 'AWS::Lambda::Function');
const portalFunction = Object.entries(functions).find(([id]) => id.startsWith('PortalFunction'))!;
const roleId = (portalFunction[1].Properties!.Role as { 'Fn::GetAtt': [string] })['Fn::GetAtt'][0];
const keys = resources(template, 'AWS::KMS::Key');
const messageKeyId = Object.keys(keys).find((id) => id.startsWith('KeysMessageKey'))!;
const keyStatements = statementsOf({
  Properties: { PolicyDocument: keys[messageKeyId]!.Properties!.KeyPolicy },
});
const policies = resources(template, 'AWS::IAM::Policy');
/** What the portal is allowed; the stack-wide Deny of audit changes is tested in audit-integrity.test.ts. */
const portalStatements = Object.values(policies)
  .filter((p) => JSON.stringify(p.Properties!.Roles).includes(roleId))
  .flatMap((p) => statementsOf(p))
  .filter((s) => s.Effect === 'Allow');

describe('Construct: OfficerPortal', () => {
  it('runs the portal on Node.js 24, arm64, with its settings', () => {
    const props = portalFunction[1].Properties!;
    expect(props.Runtime).toBe('nodejs24.x');
    expect(props.Architectures).toEqual(['arm64']);
    const env = (props.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env.CAVEAT_PORTAL_BASE_URL).toBe('https://portal.caveat.example.gov.uk');
    expect(JSON.parse(env.CAVEAT_PORTAL_ENTITLEMENTS as string)).toHaveProperty('cs-officers');
    expect(env.CAVEAT_OIDC_GROUPS_CLAIM).toBe('cognito:groups');
    expect(env.CAVEAT_LOCAL_MESSAGE_KEY).toBeUndefined();
    expect(env.CAVEAT_LOCAL_PORTAL_SECRET).toBeUndefined();
  });

  it('makes the portal role the only principal the message key lets decrypt', () => {
    const decrypting = keyStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('kms:Decrypt')));
    expect(decrypting).toHaveLength(1);
    expect(JSON.stringify(decrypting[0]!.Principal)).toContain(roleId);
    expect(decrypting[0]!.Condition).toMatchObject({
      Null: { 'kms:EncryptionContext:messageId': 'false', 'kms:EncryptionContext:classification': 'false' },
    });
    // No identity policy anywhere names the message key.
    for (const policy of Object.values(policies)) {
      expect(JSON.stringify(policy.Properties!.PolicyDocument)).not.toContain(messageKeyId);
    }
  });

  it('reads only ciphertext/ and touches only the tables and indexes it needs', () => {
    const s3 = portalStatements.filter((s) => actionsOf(s).some((a) => a.startsWith('s3:')));
    expect(s3.flatMap(actionsOf)).toEqual(['s3:GetObject']);
    expect(JSON.stringify(s3[0]!.Resource)).toContain('/ciphertext/*');
    const dynamo = portalStatements.flatMap(actionsOf).filter((a) => a.startsWith('dynamodb:'));
    expect(new Set(dynamo)).toEqual(
      new Set(['dynamodb:PutItem', 'dynamodb:GetItem', 'dynamodb:UpdateItem', 'dynamodb:Query']),
    );
    expect(portalStatements.flatMap(actionsOf)).not.toContain('dynamodb:DeleteItem');
    // Audit appends: the chain head read, then entry and head put; never an update.
    const audit = portalStatements.find((s) => s.Sid === 'AppendAccessRecords');
    expect(audit && actionsOf(audit).sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

  it('serves through an HTTP API with access logs that hold no path, and throttling', () => {
    const stages = Object.values(resources(template, 'AWS::ApiGatewayV2::Stage'));
    expect(stages).toHaveLength(1);
    const stage = stages[0]!.Properties!;
    const format = JSON.parse((stage.AccessLogSettings as { Format: string }).Format) as Record<
      string,
      string
    >;
    expect(format.routeKey).toBe('$context.routeKey');
    expect(Object.values(format)).not.toContain('$context.path');
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 });
  });

  it('signs officers in through a Cognito pool with MFA, no self sign-up and a public PKCE client', () => {
    const pool = Object.values(resources(template, 'AWS::Cognito::UserPool'))[0]!.Properties!;
    expect(pool.MfaConfiguration).toBe('ON');
    expect(pool.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    const client = Object.values(resources(template, 'AWS::Cognito::UserPoolClient'))[0]!.Properties!;
    expect(client.GenerateSecret).toBe(false);
    expect(client.AllowedOAuthFlows).toEqual(['code']);
    expect(client.CallbackURLs).toEqual(['https://portal.caveat.example.gov.uk/auth/callback']);
    const groups = Object.values(resources(template, 'AWS::Cognito::UserPoolGroup')).map(
      (g) => g.Properties!.GroupName,
    );
    expect(groups.sort()).toEqual(['cs-officers', 'uc-officers']);
  });

  it('uses an external provider instead of Cognito when configured', () => {
    const external = synthDemo({
      portal: {
        entitlements: { 'uc-officers': ['universal.credit@caveat.example.gov.uk'] },
        oidc: { issuer: 'https://login.microsoftonline.com/tenant/v2.0', clientId: 'portal-client' },
      },
    }).template;
    expect(resources(external, 'AWS::Cognito::UserPool')).toEqual({});
    const fn = Object.entries(resources(external, 'AWS::Lambda::Function')).find(([id]) =>
      id.startsWith('PortalFunction'),
    )!;
    const env = (fn[1].Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(env).toMatchObject({
      CAVEAT_OIDC_ISSUER: 'https://login.microsoftonline.com/tenant/v2.0',
      CAVEAT_OIDC_CLIENT_ID: 'portal-client',
      CAVEAT_OIDC_GROUPS_CLAIM: 'groups',
    });
  });
});
