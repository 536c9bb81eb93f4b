import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import { describe, expect, it } from 'vitest';
import { CaveatTables } from '../../infra/constructs/tables.ts';
import {
  TABLE_DEFINITIONS,
  type TableDefinition,
  toCreateTableInput,
} from '../../infra/table-definitions.ts';
import { resources } from './synth.ts';

const app = new App();
const stack = new Stack(app, 'TablesTest', { env: { region: 'eu-west-2' } });
new CaveatTables(stack, 'Tables', { encryptionKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
const template = Template.fromStack(stack);
const tables = resources(template, 'AWS::DynamoDB::Table');
const keyId = Object.keys(resources(template, 'AWS::KMS::Key'))[0]!;
const byName = (name: string) => {
  const id = Object.keys(tables).find((k) => k.startsWith(`Tables${name.replace(/-/g, '')}`));
  return tables[id!]!.Properties!;
};

describe('Construct: CaveatTables', () => {
  it('builds one table per definition', () => {
    expect(Object.keys(tables)).toHaveLength(Object.keys(TABLE_DEFINITIONS).length);
  });

  it.each(Object.values(TABLE_DEFINITIONS) as TableDefinition[])(
    '$name: on-demand, PITR, deletion protection, SSE with the CMK',
    (def) => {
      const table = byName(def.name);
      expect(table.BillingMode).toBe('PAY_PER_REQUEST');
      expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.DeletionProtectionEnabled).toBe(true);
      expect(table.SSESpecification).toEqual({
        SSEEnabled: true,
        SSEType: 'KMS',
        KMSMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      });
      if (def.timeToLiveAttribute) {
        expect(table.TimeToLiveSpecification).toEqual({
          AttributeName: def.timeToLiveAttribute,
          Enabled: true,
        });
      } else {
        expect(table.TimeToLiveSpecification).toBeUndefined();
      }
    },
  );

  it('keys the decisions table by messageId + seq with its query and chain indexes', () => {
    const decisions = byName('decisions');
    expect(decisions.KeySchema).toEqual([
      { AttributeName: 'messageId', KeyType: 'HASH' },
      { AttributeName: 'seq', KeyType: 'RANGE' },
    ]);
    const indexes = (decisions.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown }[]).map(
      (i) => [i.IndexName, i.KeySchema],
    );
    const at = { AttributeName: 'at', KeyType: 'RANGE' };
    expect(indexes).toEqual([
      ['byDay', [{ AttributeName: 'day', KeyType: 'HASH' }, at]],
      ['byAction', [{ AttributeName: 'action', KeyType: 'HASH' }, at]],
      ['byRule', [{ AttributeName: 'ruleId', KeyType: 'HASH' }, at]],
      ['bySenderDomain', [{ AttributeName: 'senderDomain', KeyType: 'HASH' }, at]],
      ['byMailbox', [{ AttributeName: 'mailbox', KeyType: 'HASH' }, at]],
      ['byClassification', [{ AttributeName: 'classification', KeyType: 'HASH' }, at]],
      ['byPolicyVersion', [{ AttributeName: 'policyVersion', KeyType: 'HASH' }, at]],
      ['byOfficer', [{ AttributeName: 'officer', KeyType: 'HASH' }, at]],
      [
        'byChain',
        [
          { AttributeName: 'chain', KeyType: 'HASH' },
          { AttributeName: 'chainSeq', KeyType: 'RANGE' },
        ],
      ],
      [
        'chainsByDay',
        [
          { AttributeName: 'chainDay', KeyType: 'HASH' },
          { AttributeName: 'chainHead', KeyType: 'RANGE' },
        ],
      ],
    ]);
  });

  it('keys the other tables as defined', () => {
    expect(byName('contacts').KeySchema).toEqual([{ AttributeName: 'contactKey', KeyType: 'HASH' }]);
    expect(byName('portal-links').KeySchema).toEqual([{ AttributeName: 'linkHash', KeyType: 'HASH' }]);
    expect(byName('holds').KeySchema).toEqual([{ AttributeName: 'holdKey', KeyType: 'HASH' }]);
    expect(byName('idempotency').KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
  });

  it('retains every table on stack deletion', () => {
    for (const id of Object.keys(tables)) {
      expect((template.toJSON().Resources[id] as { DeletionPolicy: string }).DeletionPolicy).toBe('Retain');
    }
  });

  it('gives a local stack the same schema through toCreateTableInput', () => {
    for (const def of Object.values(TABLE_DEFINITIONS)) {
      const input = toCreateTableInput(def, `local-${def.name}`);
      const table = byName(def.name);
      expect(input.KeySchema).toEqual(table.KeySchema);
      expect(new Set(input.AttributeDefinitions.map((a) => JSON.stringify(a)))).toEqual(
        new Set((table.AttributeDefinitions as unknown[]).map((a) => JSON.stringify(a))),
      );
      expect(input.GlobalSecondaryIndexes?.map((i) => [i.IndexName, i.KeySchema]) ?? []).toEqual(
        ((table.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: unknown }[]).map((i) => [
          i.IndexName,
          i.KeySchema,
        ]),
      );
    }
  });
});
