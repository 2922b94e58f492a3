import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { EVENT_ITEM_TYPES, EVENT_TYPE_NAMES, eventSchema } from '#lib/events/catalog.ts';
import { eventOf } from '#lib/events/rules.ts';

// Stream helpers log through lib/log.ts, which reads the configuration.
vi.hoisted(() => {
  process.env.TABLE_NAME ??= 'unit-test';
  process.env.LOG_LEVEL ??= 'SILENT';
});

const T = '01JTENANT0000000000000000A';
const U = '01JSER0000000000000000000B';
const image = (item: Record<string, unknown>) => marshall(item, { removeUndefinedValues: true }) as never;

function record(
  event: 'INSERT' | 'MODIFY' | 'REMOVE',
  before: Record<string, unknown> | undefined,
  after: Record<string, unknown> | undefined,
  eventID = 'rec-1',
): DynamoDBRecord {
  return {
    eventID,
    eventName: event,
    dynamodb: {
      ...(before ? { OldImage: image(before) } : {}),
      ...(after ? { NewImage: image(after) } : {}),
      ApproximateCreationDateTime: 1_796_000_000,
    },
  };
}

const lead = {
  pk: `T#${T}#LEAD#01JEAD0000000000000000000B`,
  sk: 'LEAD',
  type: 'lead',
  id: '01JEAD0000000000000000000B',
  name: '陈先生',
  company: '线索公司',
  title: null,
  mobile: null,
  phone: null,
  email: null,
  address: null,
  sourceId: null,
  note: null,
  status: 'new',
  ownerId: U,
  ownerName: '张三',
  ownerRolePath: '/R1/R2',
  customerId: null,
  contactId: null,
  opportunityId: null,
  convertedAt: null,
  convertedBy: null,
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: U,
  updatedAt: '2026-12-01T00:00:00.000Z',
  version: 1,
};

const typeOf = (r: DynamoDBRecord) => {
  const mapped = eventOf(r);
  return 'event' in mapped ? mapped.event.type : undefined;
};

describe('eventOf', () => {
  it('names a new item created, by its creator, with its API representation as data', () => {
    const mapped = eventOf(record('INSERT', undefined, lead));

    if (!('event' in mapped)) throw new Error('no event');
    expect(mapped.event).toMatchObject({
      type: 'lead.created',
      version: 1,
      tenantId: T,
      actor: { id: U },
      subject: { type: 'lead', id: lead.id },
      occurredAt: lead.createdAt,
    });
    expect(mapped.event.data).not.toHaveProperty('ownerRolePath');
    expect(mapped.event.data).not.toHaveProperty('pk');
  });

  it('derives the same id from the same record, and another from another record', () => {
    const first = eventOf(record('INSERT', undefined, lead, 'rec-7'));
    const replay = eventOf(record('INSERT', undefined, lead, 'rec-7'));
    const other = eventOf(record('INSERT', undefined, lead, 'rec-8'));

    if (!('event' in first && 'event' in replay && 'event' in other)) throw new Error('no event');
    expect(replay.event.id).toBe(first.event.id);
    expect(other.event.id).not.toBe(first.event.id);
  });

  it('names a transition instead of an update, never both', () => {
    const converted = { ...lead, status: 'converted', convertedBy: U, version: 2 };

    expect(typeOf(record('MODIFY', lead, converted))).toBe('lead.converted');
    expect(typeOf(record('MODIFY', lead, { ...lead, note: '回访', version: 2 }))).toBe('lead.updated');
  });

  it('makes nothing of a rewrite of copied or internal fields (owner name, role path, version)', () => {
    const renamed = { ...lead, ownerName: '张三丰', ownerRolePath: '/R1/R3', version: 2 };

    expect(eventOf(record('MODIFY', lead, renamed))).toEqual({ skipped: 'not_an_event' });
  });

  it('dates a change by the item when it moved updatedAt, else by the stream (activity keeps it)', () => {
    const edited = eventOf(
      record('MODIFY', lead, { ...lead, note: '改', updatedAt: '2026-12-02T00:00:00.000Z', version: 2 }),
    );
    const kept = eventOf(record('MODIFY', lead, { ...lead, note: '改', version: 2 }));

    expect('event' in edited && edited.event.occurredAt).toBe('2026-12-02T00:00:00.000Z');
    expect('event' in kept && kept.event.occurredAt).toBe(new Date(1_796_000_000 * 1000).toISOString());
  });

  it('names a removal deleted', () => {
    expect(typeOf(record('REMOVE', lead, undefined))).toBe('lead.deleted');
  });

  it('turns owner-history entries into customer events with their actor', () => {
    const entry = {
      pk: `T#${T}#C#01JCST0000000000000000000B`,
      sk: 'HISTORY#01JH',
      type: 'ownerHistory',
      id: '01JHST0000000000000000000B',
      customerId: '01JCST0000000000000000000B',
      action: 'claim',
      actorId: U,
      actorName: '张三',
      fromUserId: null,
      fromUserName: null,
      toUserId: U,
      toUserName: '张三',
      poolId: 'default',
      reasonId: null,
      note: null,
      at: '2026-12-01T00:00:00.000Z',
    };

    const mapped = eventOf(record('INSERT', undefined, entry));

    if (!('event' in mapped)) throw new Error('no event');
    expect(mapped.event).toMatchObject({
      type: 'customer.claimed',
      actor: { id: U },
      subject: { type: 'customer', id: entry.customerId },
    });
  });

  it('ignores items that are not event sources', () => {
    expect(eventOf(record('INSERT', undefined, { pk: `T#${T}`, sk: 'SETTINGS', type: 'settings' }))).toEqual({
      skipped: 'not_an_event',
    });
  });

  it('reports an item that does not fit its schema instead of publishing it', () => {
    const broken = { ...lead, name: undefined };

    expect(eventOf(record('INSERT', undefined, broken))).toHaveProperty('invalid');
  });
});

describe('the event catalog', () => {
  it('has a schema for every event type, and a source for each item type it lists', () => {
    expect(EVENT_TYPE_NAMES.every((type) => eventSchema(type) !== undefined)).toBe(true);
    expect(EVENT_ITEM_TYPES).toEqual(
      expect.arrayContaining([
        'customer',
        'ownerHistory',
        'contact',
        'followup',
        'lead',
        'opportunity',
        'contract',
        'payment',
      ]),
    );
    expect(EVENT_TYPE_NAMES).toEqual(
      expect.arrayContaining(['customer.claimed', 'customer.released', 'customer.reclaimed']),
    );
  });
});
