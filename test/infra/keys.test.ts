import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import { CaveatKeys, MESSAGE_CONTEXT_KEYS } from '../../infra/constructs/keys.ts';
import { actionsOf, keyStatements, logicalId, resources } from './synth.ts';

const app = new App();
const stack = new Stack(app, 'KeysTest', { env: { region: 'eu-west-2' } });
const keys = new CaveatKeys(stack, 'Keys');
const pipeline = new iam.Role(stack, 'Pipeline', {
  assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
});
const portal = new iam.Role(stack, 'Portal', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
keys.grantEncryptMessages(pipeline);
keys.grantDecryptMessages(portal);
const template = Template.fromStack(stack);
const messageKeyId = logicalId(template, 'AWS::KMS::Key', 'KeysMessageKey');
const dataKeyId = logicalId(template, 'AWS::KMS::Key', 'KeysDataKey');
const messageStatements = keyStatements(template, messageKeyId);
const principalIs = (roleId: string) => (s: { Principal?: unknown }) =>
  JSON.stringify(s.Principal) === JSON.stringify({ AWS: { 'Fn::GetAtt': [roleId, 'Arn'] } });
const pipelineId = logicalId(template, 'AWS::IAM::Role', 'Pipeline');
const portalId = logicalId(template, 'AWS::IAM::Role', 'Portal');

describe('Construct: CaveatKeys', () => {
  it('enables rotation on every customer-managed key', () => {
    const keys = Object.values(resources(template, 'AWS::KMS::Key'));
    expect(keys).toHaveLength(2);
    for (const key of keys) expect(key.Properties?.EnableKeyRotation).toBe(true);
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/caveat/messages' });
    template.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/caveat/data' });
  });

  it('gives the account root no cryptographic use of the message key', () => {
    const root = messageStatements.filter((s) => JSON.stringify(s.Principal).includes(':root'));
    expect(root).toHaveLength(1);
    const actions = actionsOf(root[0]!);
    expect(actions).not.toContain('kms:*');
    for (const crypto of ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:ReEncrypt*']) {
      expect(actions).not.toContain(crypto);
    }
    expect(actions).toContain('kms:PutKeyPolicy'.replace('PutKeyPolicy', 'Put*'));
  });

  it('lets the pipeline encrypt and only the portal decrypt', () => {
    const pipelineActions = messageStatements.filter(principalIs(pipelineId)).flatMap(actionsOf);
    const portalActions = messageStatements.filter(principalIs(portalId)).flatMap(actionsOf);
    expect(pipelineActions.sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);
    expect(portalActions).toEqual(['kms:Decrypt']);
    const decryptors = messageStatements.filter((s) =>
      actionsOf(s).some((a) => a === 'kms:Decrypt' || a === 'kms:*'),
    );
    expect(decryptors).toHaveLength(1);
    expect(principalIs(portalId)(decryptors[0]!)).toBe(true);
  });

  it('requires messageId and classification in the encryption context', () => {
    for (const statement of messageStatements.filter(
      (s) => principalIs(pipelineId)(s) || principalIs(portalId)(s),
    )) {
      expect(statement.Condition).toEqual({
        Null: { 'kms:EncryptionContext:messageId': 'false', 'kms:EncryptionContext:classification': 'false' },
        StringEquals: { 'kms:EncryptionContext:classification': ['OFFICIAL', 'OFFICIAL-SENSITIVE'] },
        'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': [...MESSAGE_CONTEXT_KEYS] },
      });
    }
  });

  it('lets CloudWatch Logs use the data key only for this account’s log groups', () => {
    const logs = keyStatements(template, dataKeyId).find((s) => s.Sid === 'AllowCloudWatchLogsOfThisAccount');
    expect(logs?.Principal).toEqual({ Service: 'logs.eu-west-2.amazonaws.com' });
    expect(JSON.stringify(logs?.Condition?.ArnLike)).toContain('kms:EncryptionContext:aws:logs:arn');
  });
});
