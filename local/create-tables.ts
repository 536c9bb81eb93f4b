/**
 * Creates Caveat's tables in a DynamoDB endpoint from the same definitions the CDK stack uses
 * (infra/table-definitions.ts), so local tables cannot drift from deployed ones.
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE_DEFINITIONS, type TableKey, toCreateTableInput } from '../infra/table-definitions.ts';

/** Local table name of each logical table, e.g. `caveat-decisions`. */
export function localTableNames(prefix = 'caveat'): Record<TableKey, string> {
  return Object.fromEntries(
    Object.entries(TABLE_DEFINITIONS).map(([key, definition]) => [key, `${prefix}-${definition.name}`]),
  ) as Record<TableKey, string>;
}

/** Creates every table that does not exist yet, with TTL where the definition has it. */
export async function createTables(client: DynamoDBClient, names = localTableNames()): Promise<void> {
  for (const [key, definition] of Object.entries(TABLE_DEFINITIONS) as [
    TableKey,
    (typeof TABLE_DEFINITIONS)[TableKey],
  ][]) {
    const tableName = names[key];
    try {
      await client.send(new CreateTableCommand(toCreateTableInput(definition, tableName)));
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
      // Already there (data persists across restarts): add any index defined since it was made.
      await addMissingIndexes(client, definition, tableName);
      continue;
    }
    if ('timeToLiveAttribute' in definition && definition.timeToLiveAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: tableName,
          TimeToLiveSpecification: { AttributeName: definition.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  }
}

/** Creates the definition's indexes a table made by an older version lacks, one at a time. */
async function addMissingIndexes(
  client: DynamoDBClient,
  definition: (typeof TABLE_DEFINITIONS)[TableKey],
  tableName: string,
): Promise<void> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
  const present = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  const wanted = toCreateTableInput(definition, tableName);
  for (const index of wanted.GlobalSecondaryIndexes ?? []) {
    if (present.has(index.IndexName)) continue;
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: wanted.AttributeDefinitions,
        GlobalSecondaryIndexUpdates: [{ Create: index }],
      }),
    );
    // DynamoDB builds one new index per table at a time: the next must wait for this one.
    await waitForActiveIndexes(client, tableName);
  }
}

/** Polls until none of the table's indexes is still being built (bounded: 30 s). */
async function waitForActiveIndexes(client: DynamoDBClient, tableName: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const building = (Table?.GlobalSecondaryIndexes ?? []).filter((index) => index.IndexStatus !== 'ACTIVE');
    if (building.length === 0) return;
    if (Date.now() > deadline) {
      const names = building.map((index) => index.IndexName).join(', ');
      throw new Error(`caveat: table ${tableName}: index ${names} still not active after 30 s`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
