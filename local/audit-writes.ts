/**
 * Sees audit entries as DynamoDB stores them: SDK middleware on the ingest function's DynamoDB
 * client that, once a write of an entry to the decisions table (a PutItem, or the transaction
 * the audit log appends with) has been answered with success, reports the entry's keys and the
 * time the answer arrived. The local stack offers it as
 * `onAuditWritten`; `bench:e2e` times messages with it instead of polling the table.
 */
import { performance } from 'node:perf_hooks';
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';

/** The keys of a stored audit entry. */
export interface AuditWrite {
  readonly messageId: string;
  /** `<mailbox>#<order>#<stage>` (see `shared/pipeline/audit-entry.ts`). */
  readonly seq: string;
  readonly stage: string;
}

/** `at` is `performance.now()` when DynamoDB's success answer had been read. */
export type AuditWriteListener = (write: AuditWrite, at: number) => void;

export function observeAuditWrites(
  client: DynamoDBClient,
  tableName: string,
  listener: AuditWriteListener,
): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      const at = performance.now();
      for (const item of auditItems(context.commandName, args.input, tableName)) {
        listener({ messageId: text(item.messageId), seq: text(item.seq), stage: text(item.stage) }, at);
      }
      return result;
    },
    // Around everything, retries included: the answer that counts is the one that succeeded.
    { step: 'initialize', name: 'caveatObserveAuditWrites' },
  );
}

type Item = Record<string, AttributeValue | string | undefined>;

/**
 * The audit entries a successful command stored: a PutItem on the table, or the Puts of a
 * transaction (the audit log appends an entry and moves its chain's head in one). Items without
 * a `stage` (chain heads) are not entries.
 */
function auditItems(commandName: string | undefined, input: unknown, tableName: string): Item[] {
  const puts: { TableName?: string; Item?: Item }[] = [];
  if (commandName === 'PutItemCommand' || commandName === 'PutCommand') {
    puts.push(input as { TableName?: string; Item?: Item });
  } else if (commandName === 'TransactWriteItemsCommand' || commandName === 'TransactWriteCommand') {
    const items = (input as { TransactItems?: { Put?: { TableName?: string; Item?: Item } }[] })
      .TransactItems;
    for (const item of items ?? []) if (item.Put) puts.push(item.Put);
  }
  return puts.flatMap((put) => (put.TableName === tableName && put.Item && put.Item.stage ? [put.Item] : []));
}

/** An attribute as the document client gives it (plain) or as DynamoDB takes it (`{ S }`). */
function text(value: AttributeValue | string | undefined): string {
  if (typeof value === 'string') return value;
  return value && 'S' in value ? (value.S ?? '') : '';
}
