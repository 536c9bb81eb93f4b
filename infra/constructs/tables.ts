import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import {
  type AttributeType,
  type KeyAttribute,
  TABLE_DEFINITIONS,
  type TableDefinition,
  type TableKey,
} from '../table-definitions.ts';

/** Props of {@link CaveatTables}. */
export interface CaveatTablesProps {
  /** Customer-managed key for every table (the data key). Required. */
  readonly encryptionKey: kms.IKey;
  /**
   * Definitions to build; the plain module is the single source of truth.
   * @default TABLE_DEFINITIONS
   */
  readonly definitions?: Readonly<Record<TableKey, TableDefinition>>;
  /**
   * Removal policy. Audit data must survive a stack deletion.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;
  /**
   * Deletion protection on every table.
   * @default true
   */
  readonly deletionProtection?: boolean;
}

const ATTRIBUTE_TYPES: Record<AttributeType, dynamodb.AttributeType> = {
  S: dynamodb.AttributeType.STRING,
  N: dynamodb.AttributeType.NUMBER,
  B: dynamodb.AttributeType.BINARY,
};
const attribute = (key: KeyAttribute): dynamodb.Attribute => ({
  name: key.name,
  type: ATTRIBUTE_TYPES[key.type],
});

/**
 * The DynamoDB tables, built from `infra/table-definitions.ts`: on-demand, point-in-time
 * recovery, deletion protection, encrypted with the data key.
 */
export class CaveatTables extends Construct {
  public readonly decisions: dynamodb.Table;
  public readonly contacts: dynamodb.Table;
  public readonly portalLinks: dynamodb.Table;
  public readonly holds: dynamodb.Table;
  public readonly idempotency: dynamodb.Table;
  /** Every table by logical key. */
  public readonly all: Readonly<Record<TableKey, dynamodb.Table>>;

  constructor(scope: Construct, id: string, props: CaveatTablesProps) {
    super(scope, id);
    const definitions = props.definitions ?? TABLE_DEFINITIONS;
    const build = (definition: TableDefinition): dynamodb.Table => {
      const table = new dynamodb.Table(this, definition.name, {
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey ? { sortKey: attribute(definition.sortKey) } : {}),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: props.encryptionKey,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        deletionProtection: props.deletionProtection ?? true,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        ...(definition.timeToLiveAttribute ? { timeToLiveAttribute: definition.timeToLiveAttribute } : {}),
      });
      for (const index of definition.globalSecondaryIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey ? { sortKey: attribute(index.sortKey) } : {}),
          projectionType: dynamodb.ProjectionType.ALL,
        });
      }
      return table;
    };
    this.decisions = build(definitions.decisions);
    this.contacts = build(definitions.contacts);
    this.portalLinks = build(definitions.portalLinks);
    this.holds = build(definitions.holds);
    this.idempotency = build(definitions.idempotency);
    this.all = {
      decisions: this.decisions,
      contacts: this.contacts,
      portalLinks: this.portalLinks,
      holds: this.holds,
      idempotency: this.idempotency,
    };
  }
}
