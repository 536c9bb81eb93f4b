/**
 * The DynamoDB tables of Caveat: key schemas, indexes and TTL attributes, as plain data.
 *
 * This module is the single source of truth for table shapes. It imports nothing from CDK or
 * the AWS SDK, so the CDK construct (`infra/constructs/tables.ts`) and a local stack
 * (DynamoDB Local) build identical tables from it.
 */

/** A DynamoDB scalar attribute type. */
export type AttributeType = 'S' | 'N' | 'B';

/** A key attribute. */
export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

/** A global secondary index. Every index projects ALL attributes (audit queries read whole records). */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
}

/** One table. */
export interface TableDefinition {
  /** Stable logical name: the construct id and the local table name. */
  readonly name: string;
  /** What the table holds, for readers of the template and the docs. */
  readonly description: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
  /** Attribute holding an epoch-seconds expiry; DynamoDB TTL deletes the item after it. */
  readonly timeToLiveAttribute?: string;
}

const s = (name: string): KeyAttribute => ({ name, type: 'S' });
const n = (name: string): KeyAttribute => ({ name, type: 'N' });
const byAt = (indexName: string, partition: string): IndexDefinition => ({
  indexName,
  partitionKey: s(partition),
  sortKey: s('at'),
});

/** Every table, by logical name. */
export const TABLE_DEFINITIONS = {
  decisions: {
    name: 'decisions',
    description:
      'Audit trail: one item per stage per message (seq = <mailbox>#<order>#<stage>), hash-chained per mailbox per day, plus one head item per chain (messageId chain#<chain>, seq head); kept auditYears via TTL purgeAfter',
    partitionKey: s('messageId'),
    sortKey: s('seq'),
    globalSecondaryIndexes: [
      byAt('byDay', 'day'),
      byAt('byAction', 'action'),
      byAt('byRule', 'ruleId'),
      byAt('bySenderDomain', 'senderDomain'),
      byAt('byMailbox', 'mailbox'),
      byAt('byClassification', 'classification'),
      byAt('byPolicyVersion', 'policyVersion'),
      byAt('byOfficer', 'officer'),
      // A chain's entries in order, for verification and digests.
      { indexName: 'byChain', partitionKey: s('chain'), sortKey: n('chainSeq') },
      // The chain heads of a day (head items only carry chainDay).
      { indexName: 'chainsByDay', partitionKey: s('chainDay'), sortKey: s('chainHead') },
    ],
    timeToLiveAttribute: 'purgeAfter',
  },
  contacts: {
    name: 'contacts',
    description: 'Validated contact points of citizens (DWP Email Policy 3.10)',
    partitionKey: s('contactKey'),
    globalSecondaryIndexes: [],
  },
  portalLinks: {
    name: 'portal-links',
    description:
      'Officer portal links, stored by hash (byMailbox lists a mailbox for its inbox); expire via TTL. Also counts failed link lookups per source',
    partitionKey: s('linkHash'),
    globalSecondaryIndexes: [{ indexName: 'byMailbox', partitionKey: s('mailbox'), sortKey: s('messageId') }],
    timeToLiveAttribute: 'expiresAt',
  },
  holds: {
    name: 'holds',
    description:
      'Messages held until the sender confirms through a validated contact point (key <mailbox>/<message id>)',
    partitionKey: s('holdKey'),
    // Confirmation links carry a token; only its hash is stored, and found through byConfirmation.
    globalSecondaryIndexes: [
      { indexName: 'byMailbox', partitionKey: s('mailbox'), sortKey: s('heldAt') },
      { indexName: 'byConfirmation', partitionKey: s('confirmationHash') },
    ],
    timeToLiveAttribute: 'expiresAt',
  },
  idempotency: {
    name: 'idempotency',
    description: 'Powertools for AWS Lambda idempotency records',
    partitionKey: s('id'),
    globalSecondaryIndexes: [],
    timeToLiveAttribute: 'expiration',
  },
} as const satisfies Record<string, TableDefinition>;

/** Logical table keys: `decisions`, `contacts`, `portalLinks`, `holds`, `idempotency`. */
export type TableKey = keyof typeof TABLE_DEFINITIONS;

/**
 * The shape of a DynamoDB `CreateTable` request for a definition (PAY_PER_REQUEST), so a local
 * stack can create the same table without CDK. TTL is a separate `UpdateTimeToLive` call.
 */
export function toCreateTableInput(definition: TableDefinition, tableName: string) {
  const keys = [
    definition.partitionKey,
    definition.sortKey,
    ...definition.globalSecondaryIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
  ].filter((key): key is KeyAttribute => key !== undefined);
  const attributes = new Map(keys.map((key) => [key.name, key.type]));
  const keySchema = (pk: KeyAttribute, sk?: KeyAttribute) => [
    { AttributeName: pk.name, KeyType: 'HASH' as const },
    ...(sk ? [{ AttributeName: sk.name, KeyType: 'RANGE' as const }] : []),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: keySchema(definition.partitionKey, definition.sortKey),
    ...(definition.globalSecondaryIndexes.length > 0
      ? {
          GlobalSecondaryIndexes: definition.globalSecondaryIndexes.map((index) => ({
            IndexName: index.indexName,
            KeySchema: keySchema(index.partitionKey, index.sortKey),
            Projection: { ProjectionType: 'ALL' as const },
          })),
        }
      : {}),
  };
}
