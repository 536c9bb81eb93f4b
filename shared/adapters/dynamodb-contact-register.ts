import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  paginateScan,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import type {
  ContactChange,
  ContactPointKey,
  ContactRegister,
  ContactRegisterAdmin,
  ValidatedContact,
} from '../pipeline/ports.ts';
import { documentClient } from './dynamodb-document.ts';

/**
 * The contacts table's partition key for an email contact point: `email#<address>`, trimmed and
 * lower-cased. Whatever writes contacts must use this so that lookups find them.
 */
export function contactKey(address: string): string {
  return `email#${address.trim().toLowerCase()}`;
}

const KEY_PREFIX: Record<ContactPointKey['kind'], string> = {
  reference: 'ref#',
  email: 'email#',
  mobile: 'mobile#',
};

/** The key of any contact point; values are already normalised (shared/contacts/contact-point.ts). */
export function contactPointKey(key: ContactPointKey): string {
  return key.kind === 'email' ? contactKey(key.value) : `${KEY_PREFIX[key.kind]}${key.value}`;
}

/**
 * A contact item. One citizen is three items at most: `ref#<reference>` with all their contact
 * points, and one `email#…` / `mobile#…` item per address so a sender is found by address.
 */
export interface ContactItem {
  readonly contactKey: string;
  /** True once the contact point has been validated (DWP Email Policy 3.10). */
  readonly validated: boolean;
  /** ISO-8601 time the contact point was withdrawn; a revoked contact no longer counts. */
  readonly revokedAt?: string;
  /** Absent only on items written before citizen references were recorded. */
  readonly citizenReference?: string;
  readonly email?: string;
  readonly mobile?: string;
  readonly registerVersion?: string;
}

/** Items written before register versions were recorded report this version. */
export const UNVERSIONED = 'unversioned';
/** DynamoDB's BatchWriteItem limit. */
const BATCH = 25;

/** The validated-contacts register on the contacts table (`contactKey`). */
export class DynamoDbContactRegister implements ContactRegister, ContactRegisterAdmin {
  readonly #db: DynamoDBDocumentClient;
  readonly #table: string;

  constructor(client: DynamoDBClient, tableName: string) {
    this.#db = documentClient(client);
    this.#table = tableName;
  }

  async isValidatedContact(address: string): Promise<boolean> {
    const { Item } = await this.#db.send(
      new GetCommand({
        TableName: this.#table,
        Key: { contactKey: contactKey(address) },
        // Only the two flags: the rest of a contact item is personal data this lookup has no use for.
        ProjectionExpression: '#validated, #revokedAt',
        ExpressionAttributeNames: { '#validated': 'validated', '#revokedAt': 'revokedAt' },
      }),
    );
    return counts(Item);
  }

  async find(key: ContactPointKey): Promise<ValidatedContact | undefined> {
    const item = await this.#get(contactPointKey(key));
    if (!counts(item)) return undefined;
    if (key.kind === 'reference') return toContact(item);
    if (!item.citizenReference) {
      // An address validated before references were recorded: it still names its own address.
      return { citizenReference: '', [key.kind]: key.value, registerVersion: UNVERSIONED };
    }
    const citizen = await this.#get(contactPointKey({ kind: 'reference', value: item.citizenReference }));
    // The address item and the citizen item are written together; trust only a matching pair.
    return counts(citizen) && citizen[key.kind] === key.value ? toContact(citizen) : undefined;
  }

  async write(changes: readonly ContactChange[]): Promise<void> {
    const all = changes.flatMap(requestsFor);
    // An address this import moves to another citizen is written for them, not deleted.
    const written = new Set(all.flatMap((r) => ('PutRequest' in r ? [r.PutRequest.Item.contactKey] : [])));
    const requests = all.filter((r) => 'PutRequest' in r || !written.has(r.DeleteRequest.Key.contactKey));
    for (let i = 0; i < requests.length; i += BATCH) {
      let batch = requests.slice(i, i + BATCH);
      for (let attempt = 0; batch.length > 0; attempt++) {
        if (attempt > 0)
          await new Promise((resolve) => setTimeout(resolve, Math.min(2 ** attempt * 50, 2_000)));
        const { UnprocessedItems } = await this.#db.send(
          new BatchWriteCommand({ RequestItems: { [this.#table]: batch } }),
        );
        // DynamoDB may leave part of a batch unprocessed under load; send the rest again.
        batch = (UnprocessedItems?.[this.#table] ?? []) as typeof batch;
      }
    }
  }

  async list(): Promise<ValidatedContact[]> {
    const contacts: ValidatedContact[] = [];
    const pages = paginateScan(
      { client: this.#db },
      {
        TableName: this.#table,
        FilterExpression: 'begins_with(#key, :ref)',
        ExpressionAttributeNames: { '#key': 'contactKey' },
        ExpressionAttributeValues: { ':ref': KEY_PREFIX.reference },
      },
    );
    for await (const page of pages) {
      for (const item of (page.Items ?? []) as ContactItem[])
        if (counts(item)) contacts.push(toContact(item));
    }
    return contacts.sort((a, b) => a.citizenReference.localeCompare(b.citizenReference));
  }

  async remove(citizenReference: string): Promise<boolean> {
    const key = contactPointKey({ kind: 'reference', value: citizenReference });
    const item = await this.#get(key);
    if (!item) return false;
    const points = [
      item.email && contactKey(item.email),
      item.mobile && `${KEY_PREFIX.mobile}${item.mobile}`,
    ];
    // One transaction: a citizen is never left half-removed, with an address still validated.
    await this.#db.send(
      new TransactWriteCommand({
        TransactItems: [key, ...points.filter((k): k is string => Boolean(k))].map((k) => ({
          Delete: { TableName: this.#table, Key: { contactKey: k } },
        })),
      }),
    );
    return true;
  }

  async #get(key: string): Promise<ContactItem | undefined> {
    const { Item } = await this.#db.send(
      new GetCommand({ TableName: this.#table, Key: { contactKey: key }, ConsistentRead: true }),
    );
    return Item as ContactItem | undefined;
  }
}

/** Strictly `true`: a string "true" or a number from a hand-edited item does not validate anyone. */
function counts(item: object | undefined): item is ContactItem {
  const flags = item as { validated?: unknown; revokedAt?: unknown } | undefined;
  return flags?.validated === true && flags.revokedAt === undefined;
}

function toContact(item: ContactItem): ValidatedContact {
  return {
    citizenReference: item.citizenReference ?? '',
    ...(item.email ? { email: item.email } : {}),
    ...(item.mobile ? { mobile: item.mobile } : {}),
    registerVersion: item.registerVersion ?? UNVERSIONED,
  };
}

type WriteRequest =
  | { PutRequest: { Item: ContactItem } }
  | { DeleteRequest: { Key: { contactKey: string } } };

/** The citizen item, one item per address, and deletes of addresses the citizen no longer has. */
function requestsFor({ next, previous }: ContactChange): WriteRequest[] {
  const common = {
    validated: true,
    citizenReference: next.citizenReference,
    registerVersion: next.registerVersion,
  };
  const requests: WriteRequest[] = [
    {
      PutRequest: {
        Item: {
          contactKey: contactPointKey({ kind: 'reference', value: next.citizenReference }),
          ...common,
          ...(next.email ? { email: next.email } : {}),
          ...(next.mobile ? { mobile: next.mobile } : {}),
        },
      },
    },
  ];
  for (const kind of ['email', 'mobile'] as const) {
    const value = next[kind];
    if (value)
      requests.push({ PutRequest: { Item: { contactKey: contactPointKey({ kind, value }), ...common } } });
    const stale = previous?.[kind];
    if (stale && stale !== value)
      requests.push({ DeleteRequest: { Key: { contactKey: contactPointKey({ kind, value: stale }) } } });
  }
  return requests;
}
