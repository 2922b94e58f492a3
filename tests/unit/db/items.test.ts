import { describe, expect, it } from 'vitest';
import {
  allOf,
  atVersion,
  EXISTS,
  isKeyAttribute,
  stripKeys,
  stripper,
  withCondition,
} from '#lib/db/items.ts';
import { customerKey, sharedViewKeys } from '#lib/db/keys.ts';
import { deleteStep, NEW_ITEM, putStep } from '#lib/db/write.ts';

const stored = {
  ...customerKey('t', 'c'),
  type: 'customer',
  ...sharedViewKeys('t', 'customer', 'v'),
  agendaByUserPk: 'T#t#AGENDA#PLAN#u',
  agendaByUserSk: 'x',
  expiresAt: 123,
  id: 'c',
  name: 'Acme',
  version: 3,
};

describe('stripKeys', () => {
  it('drops the key, every index key and the type, and keeps the record', () => {
    expect(stripKeys(stored)).toStrictEqual({ expiresAt: 123, id: 'c', name: 'Acme', version: 3 });
  });

  it('drops the bookkeeping attributes it is given too', () => {
    expect(stripKeys(stored, ['expiresAt', 'version'])).toStrictEqual({ id: 'c', name: 'Acme' });
    expect(stripper(['expiresAt'])(stored)).toStrictEqual({ id: 'c', name: 'Acme', version: 3 });
  });

  it('tells key attributes from record attributes', () => {
    for (const name of ['pk', 'sk', 'type', 'sharedViewsPk', 'reclaimDueSk'])
      expect(isKeyAttribute(name)).toBe(true);
    for (const name of ['fieldType', 'pkg', 'skills', 'version']) expect(isKeyAttribute(name)).toBe(false);
  });
});

describe('conditions', () => {
  it('lock at a version', () => {
    expect(atVersion(4)).toStrictEqual({
      expression: '#v = :expected',
      names: { '#v': 'version' },
      values: { ':expected': 4 },
    });
  });

  it('join conditions, parenthesising compound ones', () => {
    const empty = {
      expression: 'attribute_not_exists(#labels) OR size(#labels) = :zero',
      names: { '#labels': 'childLabels' },
      values: { ':zero': 0 },
    };
    expect(allOf(atVersion(2), empty)).toStrictEqual({
      expression: '#v = :expected AND (attribute_not_exists(#labels) OR size(#labels) = :zero)',
      names: { '#v': 'version', '#labels': 'childLabels' },
      values: { ':expected': 2, ':zero': 0 },
    });
    expect(allOf(EXISTS)).toStrictEqual({ expression: 'attribute_exists(pk)' });
  });

  it('put a condition on an input, beside its own names and values', () => {
    const update = {
      TableName: 'x',
      Key: customerKey('t', 'c'),
      UpdateExpression: 'SET #name = :name',
      ExpressionAttributeNames: { '#name': 'name' },
      ExpressionAttributeValues: { ':name': 'B' },
    };
    expect(withCondition(update, atVersion(1))).toStrictEqual({
      ...update,
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#name': 'name', '#v': 'version' },
      ExpressionAttributeValues: { ':name': 'B', ':expected': 1 },
    });
    expect(withCondition({ TableName: 'x' }, EXISTS)).toStrictEqual({
      TableName: 'x',
      ConditionExpression: 'attribute_exists(pk)',
    });
  });

  it('refuse a placeholder defined twice', () => {
    expect(() =>
      withCondition({ ExpressionAttributeValues: { ':expected': 'other' } }, atVersion(1)),
    ).toThrow(/:expected/);
    expect(() => allOf(atVersion(1), atVersion(2))).toThrow(/:expected/);
  });
});

describe('steps', () => {
  const fail = () => new Error('stale');

  it('put under a condition, or none', () => {
    process.env.TABLE_NAME ??= 'crm';
    const { item } = putStep({ ...customerKey('t', 'c'), version: 2 }, fail, NEW_ITEM);
    expect(item.Put?.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(item.Put).not.toHaveProperty('ExpressionAttributeNames');
    expect(putStep({ a: 1 }, fail).item.Put).not.toHaveProperty('ConditionExpression');
  });

  it('delete at a version', () => {
    const { item } = deleteStep(customerKey('t', 'c'), fail, atVersion(7));
    expect(item.Delete).toMatchObject({
      Key: { pk: 'T#t#C#c', sk: 'CUSTOMER' },
      ConditionExpression: '#v = :expected',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':expected': 7 },
    });
  });
});
