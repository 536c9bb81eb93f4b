/**
 * Sees audit entries as DynamoDB stores them: SDK middleware on the ingest function's DynamoDB
 * client that, once a PutItem on the decisions table has been answered with success (the item is
 * stored), reports the entry's keys and the time the answer arrived. The local stack offers it as
 * `onAuditWritten`; `bench:e2e` times messages with it instead of polling the table.
 */
import { performance } from 'node:perf_hooks';
import type { AttributeValue, DynamoDBClient, PutItemCommandInput } from '@aws-sdk/client-dynamodb';

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
      const input = args.input as Partial<PutItemCommandInput>;
      const put = context.commandName === 'PutItemCommand' || context.commandName === 'PutCommand';
      if (put && input.TableName === tableName && input.Item) {
        const at = performance.now();
        listener(
          { messageId: text(input.Item.messageId), seq: text(input.Item.seq), stage: text(input.Item.stage) },
          at,
        );
      }
      return result;
    },
    // Around everything, retries included: the answer that counts is the one that succeeded.
    { step: 'initialize', name: 'caveatObserveAuditWrites' },
  );
}

/** An attribute as the document client gives it (plain) or as DynamoDB takes it (`{ S }`). */
function text(value: AttributeValue | string | undefined): string {
  if (typeof value === 'string') return value;
  return value && 'S' in value ? (value.S ?? '') : '';
}
