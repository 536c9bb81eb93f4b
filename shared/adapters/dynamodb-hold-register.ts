import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { HoldRecord, HoldRegister } from '../pipeline/ports.ts';
import { documentClient, putIfAbsent } from './dynamodb-document.ts';

/** The holds table (`holdKey` = `<mailbox>/<message id>`; TTL `expiresAt`). It alone stores the sender's address. */
export class DynamoDbHoldRegister implements HoldRegister {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  /** A redelivered message keeps its first hold, and with it the first expiry. */
  async place(hold: HoldRecord): Promise<void> {
    await putIfAbsent(this.#db, this.#table, hold, 'holdKey');
  }
}
