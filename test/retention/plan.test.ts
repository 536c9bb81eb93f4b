import { describe, expect, it } from 'vitest';
import {
  type HoldSummary,
  type LinkSummary,
  messageOfKey,
  objectDueAt,
  type PlanContext,
  planHolds,
  planLinks,
  planObjects,
} from '../../shared/retention/plan.ts';
import { OBJECT_TARGETS, type RetentionPeriods, retentionRules } from '../../shared/retention/rules.ts';
import { holdSummary } from './fixtures.ts';

const periods: RetentionPeriods = {
  rawMailDays: 30,
  quarantineDays: 90,
  ciphertextDays: 365,
  reportDays: 400,
};
const now = new Date('2026-11-23T01:00:00.000Z');
const context: PlanContext = { now, periods, actor: 'caveat-retention-sweep', auditRetentionYears: 6 };
const DAY = 86_400_000;
const ago = (ms: number) => new Date(now.getTime() - ms);
const mailbox = 'uc@caveat.example.gov.uk';

const DAYS_OF = { inbound: 30, quarantine: 90, ciphertext: 365, reports: 400 } as const;

describe('Retention rules', () => {
  it('cites a policy paragraph and the configured period for every target', () => {
    const rules = retentionRules(periods);
    expect(Object.keys(rules).sort()).toEqual(
      ['ciphertext', 'hold', 'inbound', 'portal-link', 'quarantine', 'reports'].sort(),
    );
    for (const rule of Object.values(rules)) expect(rule.paragraphs.length).toBeGreaterThan(0);
    expect(new Set(Object.values(rules).map((rule) => rule.id)).size).toBe(6);
    expect(rules.inbound.reason).toContain('30 days (retention.rawMailDays)');
    expect(rules.ciphertext.reason).toContain('365 days (retention.ciphertextDays)');
    expect(rules.hold.paragraphs).toContain('DWP Email Policy 3.10');
  });
});

describe('Retention plan: bucket objects', () => {
  for (const target of OBJECT_TARGETS) {
    const days = DAYS_OF[target];
    const key = (id: string) => `${target}/${mailbox}/${id}`;

    it(`deletes ${target}/ objects from the moment they are ${days} days old, and keeps younger ones`, () => {
      const plan = planObjects(
        target,
        [
          { key: key('exactly-due'), lastModified: ago(days * DAY) },
          { key: key('long-past'), lastModified: ago((days + 40) * DAY) },
          { key: key('one-ms-short'), lastModified: ago(days * DAY - 1) },
          { key: key('new'), lastModified: ago(DAY) },
        ],
        context,
      );
      expect(plan.deletions.map((d) => d.entry.messageId)).toEqual(['exactly-due', 'long-past']);
      expect(plan.kept).toBe(2);
      expect(plan.deferred).toEqual([]);
    });

    it(`records a ${target}/ deletion with its rule, paragraphs and the reason retention`, () => {
      const lastModified = ago((days + 1) * DAY);
      const [deletion] = planObjects(target, [{ key: key('m-1'), lastModified }], context).deletions;
      const rule = retentionRules(periods)[target];
      expect(deletion?.entry).toEqual({
        messageId: 'm-1',
        seq: `${mailbox}#9#deleted#${target}`,
        stage: 'deleted',
        at: now.toISOString(),
        day: '2026-11-23',
        mailbox,
        objectKey: key('m-1'),
        actor: 'caveat-retention-sweep',
        ruleId: rule.id,
        rules: [{ id: rule.id, paragraphs: rule.paragraphs, reason: rule.reason }],
        outcome: {
          reason: 'retention',
          target,
          storedAt: lastModified.toISOString(),
          dueAt: objectDueAt(periods, target, lastModified).toISOString(),
        },
        purgeAfter: Math.floor(Date.parse('2032-11-23T01:00:00.000Z') / 1000),
      });
    });
  }

  it('leaves keys that name no message to the lifecycle rule', () => {
    const old = ago(500 * DAY);
    const plan = planObjects(
      'quarantine',
      [
        { key: 'quarantine/AMAZON_SES_SETUP_NOTIFICATION', lastModified: old },
        { key: `quarantine/${mailbox}/a/b`, lastModified: old },
        { key: 'quarantine/not-an-address/m-1', lastModified: old },
      ],
      context,
    );
    expect(plan.deletions).toEqual([]);
    expect(plan.deferred).toEqual(Array(3).fill({ target: 'quarantine', reason: 'unrecognised-key' }));
  });

  it('leaves the raw mail of an undecided hold to the confirmation expiry', () => {
    const old = ago(31 * DAY);
    const plan = planObjects(
      'inbound',
      [
        { key: `inbound/${mailbox}/held`, lastModified: old },
        { key: `inbound/${mailbox}/delivered`, lastModified: old },
      ],
      context,
      (box, id) => box === mailbox && id === 'held',
    );
    expect(plan.deletions.map((d) => d.entry.messageId)).toEqual(['delivered']);
    expect(plan.deferred).toEqual([{ target: 'inbound', reason: 'awaiting-confirmation-expiry' }]);
  });

  it('reads the mailbox and message id of a key, lower-casing the mailbox', () => {
    expect(messageOfKey('ciphertext', 'ciphertext/UC@Caveat.example.gov.uk/abc.1_2-3')).toEqual({
      mailbox: 'uc@caveat.example.gov.uk',
      messageId: 'abc.1_2-3',
    });
    expect(messageOfKey('ciphertext', `inbound/${mailbox}/m`)).toBeUndefined();
  });
});

describe('Retention plan: hold records', () => {
  const hold = (id: string, expiresAt: Date, decision?: HoldSummary['decision']) =>
    holdSummary(id, mailbox, expiresAt, decision);

  it('deletes decided holds from their expiry on, keeps running ones, leaves undecided ones', () => {
    const plan = planHolds(
      [
        hold('expired-at-now', now, 'expired'),
        hold('confirmed-long-ago', ago(10 * DAY), 'confirmed'),
        hold('not-me', ago(DAY), 'not-me'),
        hold('running', new Date(now.getTime() + 1000), 'confirmed'),
        hold('lapsed-undecided', ago(DAY)),
      ],
      context,
    );
    expect(plan.deletions.map((d) => d.item.holdKey)).toEqual([
      `${mailbox}/expired-at-now`,
      `${mailbox}/confirmed-long-ago`,
      `${mailbox}/not-me`,
    ]);
    expect(plan.kept).toBe(1);
    expect(plan.deferred).toEqual([{ target: 'hold', reason: 'awaiting-confirmation-expiry' }]);
  });

  it('records the hold deletion with its classification, never the sender', () => {
    const [deletion] = planHolds([hold('m-1', ago(DAY), 'expired')], context).deletions;
    expect(deletion?.entry).toMatchObject({
      seq: `${mailbox}#9#deleted#hold`,
      stage: 'deleted',
      objectKey: `inbound/${mailbox}/m-1`,
      classification: 'OFFICIAL-SENSITIVE',
      ruleId: 'RETAIN-HOLD',
      outcome: { reason: 'retention', target: 'hold', dueAt: ago(DAY).toISOString() },
    });
  });
});

describe('Retention plan: portal link records', () => {
  const link = (createdAt: string, expiresAt: number): LinkSummary & { linkHash: string } => ({
    linkHash: 'f'.repeat(64),
    messageId: 'm-1',
    mailbox,
    ciphertextKey: `ciphertext/${mailbox}/m-1`,
    classification: 'OFFICIAL-SENSITIVE',
    createdAt,
    expiresAt,
  });
  const nowSeconds = Math.floor(now.getTime() / 1000);

  it('deletes links from their expiry on, one entry per link, never carrying the hash', () => {
    const plan = planLinks(
      [
        link('2026-10-01T00:00:00.000Z', nowSeconds),
        link('2026-10-02T00:00:00.000Z', nowSeconds - 1),
        link('2026-11-01T00:00:00.000Z', nowSeconds + 1),
      ],
      context,
    );
    expect(plan.deletions.map((d) => d.entry.seq)).toEqual([
      `${mailbox}#9#deleted#portal-link#2026-10-01T00:00:00.000Z`,
      `${mailbox}#9#deleted#portal-link#2026-10-02T00:00:00.000Z`,
    ]);
    expect(plan.kept).toBe(1);
    expect(JSON.stringify(plan.deletions.map((d) => d.entry))).not.toContain('f'.repeat(16));
  });
});
