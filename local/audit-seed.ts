/**
 * Generated audit entries, for the audit tests and `npm run bench:audit`: plain values,
 * deterministic from their index, and a bulk loader that chains them as the audit log adapter
 * does and writes them with BatchWriteItem (the adapter appends one transaction at a time,
 * which is far too slow to load 100,000 entries into DynamoDB Local).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type BatchWriteCommandOutput } from '@aws-sdk/lib-dynamodb';
import { headKey } from '../shared/adapters/dynamodb-audit-items.ts';
import { documentClient } from '../shared/adapters/dynamodb-document.ts';
import { type ChainHead, chainId, emptyHead, linkEntry, parseChainId } from '../shared/audit/chain.ts';
import type { AuditEntry } from '../shared/pipeline/audit-entry.ts';

export const MAILBOXES = [
  'universal.credit@caveat.example.gov.uk',
  'pensions@caveat.example.gov.uk',
  'council.tax@caveat.example.gov.uk',
] as const;
const ACTIONS = ['deliver', 'protect', 'hold', 'quarantine'] as const;
const CLASSIFICATIONS = ['OFFICIAL', 'OFFICIAL-SENSITIVE'] as const;
const RULES = ['DWP-3.10', 'DWP-1.8', 'DWP-2.4', 'CCC-4.1', 'DWP-5.2'] as const;
const DOMAINS = ['example.com', 'gmail.com', 'nhs.net', 'dwp.gov.uk'] as const;
const VERSIONS = ['2026.1', '2026.2'] as const;
const OFFICERS = ['officer-a', 'officer-b', 'officer-c'] as const;

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

/**
 * Entry `i`: a message id shared by every 3 entries (classify, act, portal view), spread over
 * `days` days from `firstDay`, every attribute cycling with a different period so filters cut
 * the set in different ways.
 */
export function generatedEntry(i: number, firstDay = '2026-11-01', days = 3): AuditEntry {
  const message = Math.floor(i / 3);
  const step = i % 3;
  const day = new Date(`${firstDay}T00:00:00.000Z`);
  day.setUTCDate(day.getUTCDate() + (Math.floor(message / MAILBOXES.length) % days));
  const at = new Date(day.getTime() + ((message * 7919) % 86_000) * 1000 + step * 1000).toISOString();
  const mailbox = pick(MAILBOXES, message);
  const action = pick(ACTIONS, message % 7);
  const base = {
    messageId: `msg-${String(message).padStart(6, '0')}`,
    at,
    day: at.slice(0, 10),
    mailbox,
    objectKey: `inbound/${mailbox}/msg-${message}`,
    classification: pick(CLASSIFICATIONS, message % 5),
    policyId: 'dwp',
    policyVersion: pick(VERSIONS, message % 11),
    senderDomain: pick(DOMAINS, message % 13),
    purgeAfter: 1_953_795_600,
  };
  if (step === 2) {
    return {
      ...base,
      seq: `${mailbox}#5#portal-view#${at}`,
      stage: 'portal-view' as AuditEntry['stage'],
      actor: 'caveat-portal',
      officer: pick(OFFICERS, message % 17),
    };
  }
  const stage = step === 0 ? 'classify' : action;
  return {
    ...base,
    seq: `${mailbox}#${step + 1}#${stage}`,
    stage,
    action,
    ruleId: pick(RULES, message % 19),
    rules: [{ id: pick(RULES, message % 19), paragraphs: ['3.10'], reason: 'because' }],
    findings: [{ type: 'UK_NINO', count: 1 }],
    actor: 'caveat-ingest',
  };
}

const BATCH = 25;

/**
 * Writes `entries` chained per mailbox per day, in order, with their chains' heads, as
 * `DynamoDbAuditLog` would have left them; `parallel` batches at a time.
 */
export async function seedAuditEntries(
  client: DynamoDBClient,
  tableName: string,
  entries: readonly AuditEntry[],
  parallel = 8,
): Promise<void> {
  const heads = new Map<string, ChainHead>();
  const items: Record<string, unknown>[] = [];
  for (const entry of entries) {
    const chain = chainId(entry.mailbox, entry.day);
    const linked = linkEntry(entry, heads.get(chain) ?? emptyHead(chain));
    heads.set(chain, linked.head);
    items.push(linked.entry as unknown as Record<string, unknown>);
  }
  for (const head of heads.values()) {
    items.push({
      ...headKey(head.chain),
      chainHead: head.chain,
      chainDay: parseChainId(head.chain).day,
      length: head.length,
      headHash: head.headHash,
      purgeAfter: entries[0]?.purgeAfter ?? 0,
    });
  }
  const db = documentClient(client);
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += BATCH) batches.push(items.slice(i, i + BATCH));
  const write = async (batch: Record<string, unknown>[]) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    while (requests.length > 0) {
      const result: BatchWriteCommandOutput = await db.send(
        new BatchWriteCommand({ RequestItems: { [tableName]: requests } }),
      );
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
    }
  };
  for (let i = 0; i < batches.length; i += parallel)
    await Promise.all(batches.slice(i, i + parallel).map(write));
}
