import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { AuditEntry } from '../pipeline/audit-entry.ts';
import type { AuditLog } from '../pipeline/ports.ts';
import { documentClient, putIfAbsent } from './dynamodb-document.ts';

/**
 * The decisions table (`messageId` + `seq`). An entry is stored flat, as it is: its `day`,
 * `action`, `ruleId`, `senderDomain`, `mailbox` and `at` attributes are the keys of the audit
 * indexes, and an absent optional field leaves the entry out of that index.
 */
export class DynamoDbAuditLog implements AuditLog {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  /** Append-only: a redelivered stage finds its entry (same message and `seq`) and leaves it. */
  async append(entry: AuditEntry): Promise<'recorded' | 'duplicate'> {
    return (await putIfAbsent(this.#db, this.#table, entry, 'seq')) ? 'recorded' : 'duplicate';
  }
}
