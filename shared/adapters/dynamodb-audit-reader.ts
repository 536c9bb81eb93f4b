import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { ChainHead } from '../audit/chain.ts';
import type { AuditChainStore, AuditEntryReader, StoredAuditEntry } from '../audit/ports.ts';
import { type AuditQueryPlan, type IndexedFilter, matchesFilters, timeRange } from '../audit/query.ts';
import { headKey, toHead } from './dynamodb-audit-items.ts';
import { documentClient, isConditionalCheckFailed } from './dynamodb-document.ts';

/** The decisions table's index for each filter (see infra/table-definitions.ts). */
export const FILTER_INDEXES: Readonly<Record<IndexedFilter | 'day', string>> = {
  day: 'byDay',
  officer: 'byOfficer',
  ruleId: 'byRule',
  senderDomain: 'bySenderDomain',
  policyVersion: 'byPolicyVersion',
  mailbox: 'byMailbox',
  classification: 'byClassification',
  action: 'byAction',
};

export interface DynamoDbAuditReaderOptions {
  /** Items per Query page (DynamoDB also stops a page at 1 MB). @default no limit */
  readonly pageSize?: number;
}

/**
 * Reads the decisions table for auditors: queries on its indexes (every read is a DynamoDB
 * Query, page by page; nothing here scans), chain heads and chains for verification and
 * digests, and sealing a chain once its digest is due. Sealing rewrites only a chain's head
 * item, with a conditional PutItem: entries are never written here.
 */
export class DynamoDbAuditReader implements AuditChainStore, AuditEntryReader {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;
  readonly #pageSize: number | undefined;

  constructor(client: DynamoDBClient, tableName: string, options: DynamoDbAuditReaderOptions = {}) {
    this.#db = documentClient(client);
    this.#table = tableName;
    this.#pageSize = options.pageSize;
  }

  async *#pages(input: Omit<QueryCommandInput, 'TableName'>): AsyncGenerator<Record<string, unknown>[]> {
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.#db.send(
        new QueryCommand({
          TableName: this.#table,
          ...input,
          ...(this.#pageSize ? { Limit: this.#pageSize } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      yield page.Items ?? [];
      start = page.LastEvaluatedKey;
    } while (start);
  }

  async #all(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    for await (const page of this.#pages(input)) items.push(...page);
    return items;
  }

  async heads(day: string): Promise<ChainHead[]> {
    const items = await this.#all({
      IndexName: 'chainsByDay',
      KeyConditionExpression: 'chainDay = :day',
      ExpressionAttributeValues: { ':day': day },
    });
    return items.map(toHead);
  }

  async head(chain: string): Promise<ChainHead | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: headKey(chain), ConsistentRead: true }),
    );
    return Item ? toHead(Item) : undefined;
  }

  async entries(chain: string): Promise<StoredAuditEntry[]> {
    const items = await this.#all({
      IndexName: 'byChain',
      KeyConditionExpression: 'chain = :chain',
      ExpressionAttributeValues: { ':chain': chain },
    });
    return items as unknown as StoredAuditEntry[];
  }

  async seal(chain: string, length: number, at: string): Promise<boolean> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: headKey(chain), ConsistentRead: true }),
    );
    if (!Item || Item.length !== length || Item.sealedAt) return false;
    try {
      await this.#db.send(
        new PutCommand({
          TableName: this.#table,
          Item: { ...Item, sealedAt: at },
          ConditionExpression: '#length = :length AND headHash = :hash AND attribute_not_exists(sealedAt)',
          ExpressionAttributeNames: { '#length': 'length' },
          ExpressionAttributeValues: { ':length': length, ':hash': Item.headHash },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionalCheckFailed(error)) return false;
      throw error;
    }
  }

  async entriesOfDay(day: string): Promise<StoredAuditEntry[]> {
    const items = await this.#all({
      IndexName: FILTER_INDEXES.day,
      KeyConditionExpression: '#day = :day',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: { ':day': day },
    });
    return items as unknown as StoredAuditEntry[];
  }

  async timeline(messageId: string): Promise<StoredAuditEntry[]> {
    const items = await this.#all({
      KeyConditionExpression: 'messageId = :id',
      ExpressionAttributeValues: { ':id': messageId },
      ConsistentRead: true,
    });
    return (items as unknown as StoredAuditEntry[]).sort((a, b) => a.at.localeCompare(b.at));
  }

  async *query(plan: AuditQueryPlan): AsyncIterable<readonly StoredAuditEntry[]> {
    const range = plan.kind === 'days' ? plan.range : timeRange(plan.filters);
    const keep = (items: readonly object[]) =>
      (items as StoredAuditEntry[]).filter((entry) => matchesFilters(entry, plan.filters, range));
    const between = range
      ? { condition: ' AND #at BETWEEN :from AND :to', values: { ':from': range.from, ':to': range.to } }
      : { condition: '', values: {} };
    if (plan.kind === 'message') {
      yield keep(await this.timeline(plan.messageId));
      return;
    }
    const lookups =
      plan.kind === 'index'
        ? [{ attribute: plan.attribute as IndexedFilter | 'day', value: plan.value }]
        : plan.days.map((day) => ({ attribute: 'day' as const, value: day }));
    for (const { attribute, value } of lookups) {
      for await (const page of this.#pages({
        IndexName: FILTER_INDEXES[attribute],
        KeyConditionExpression: `#key = :key${between.condition}`,
        ExpressionAttributeNames: { '#key': attribute, ...(range ? { '#at': 'at' } : {}) },
        ExpressionAttributeValues: { ':key': value, ...between.values },
      })) {
        const kept = keep(page);
        if (kept.length > 0) yield kept;
      }
    }
  }
}
