import { describe, expect, it } from 'vitest';
import { HttpError } from '#lib/http/errors.ts';
import { assertDictionaryItems, dictionaryLabels, getDictionaryLabels } from '#lib/settings/dictionaries.ts';
import { getDictionary, updateDictionaryItem } from '#lib/settings/service.ts';
import { newTenant } from '#tests/support/tenants.ts';

const refused = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof HttpError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

describe('assertDictionaryItems', () => {
  it('accepts enabled items of the right kinds', async () => {
    const t = await newTenant();
    const [regions, levels] = await Promise.all([
      getDictionary(t.auth, 'region'),
      getDictionary(t.auth, 'level'),
    ]);
    const shenzhen = regions.items.find((i) => i.label === '深圳市');
    const levelA = levels.items[0];

    await expect(
      assertDictionaryItems(t.tenantId, [
        { path: 'body.regionId', kind: 'region', id: shenzhen?.id ?? '' },
        { path: 'body.levelId', kind: 'level', id: levelA?.id ?? '' },
      ]),
    ).resolves.toBeUndefined();
  });

  it('names every unknown, foreign, wrong-kind or disabled reference by its path', async () => {
    const t = await newTenant();
    const other = await newTenant();
    const [sources, levels, foreignLevels] = await Promise.all([
      getDictionary(t.auth, 'source'),
      getDictionary(t.auth, 'level'),
      getDictionary(other.auth, 'level'),
    ]);
    const disabled = sources.items[0];
    await updateDictionaryItem(t.auth, 'source', disabled?.id ?? '', 1, { disabled: true });

    const error = await refused(
      assertDictionaryItems(t.tenantId, [
        { path: 'body.sourceId', kind: 'source', id: disabled?.id ?? '' },
        { path: 'body.levelId', kind: 'level', id: foreignLevels.items[0]?.id ?? '' },
        { path: 'body.statusId', kind: 'status', id: levels.items[0]?.id ?? '' },
        { path: 'body.categoryId', kind: 'category', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
      ]),
    );

    expect(error.status).toBe(400);
    expect(error.errors).toEqual([
      expect.objectContaining({ path: 'body.sourceId', code: 'disabled_dictionary_item' }),
      expect.objectContaining({ path: 'body.levelId', code: 'unknown_dictionary_item' }),
      expect.objectContaining({ path: 'body.statusId', code: 'unknown_dictionary_item' }),
      expect.objectContaining({ path: 'body.categoryId', code: 'unknown_dictionary_item' }),
    ]);
  });

  it('accepts an empty list of references', async () => {
    await expect(assertDictionaryItems('01ARZ3NDEKTSV4RRFFQ69G5FAV', [])).resolves.toBeUndefined();
  });
});

describe('dictionary labels', () => {
  it('resolves ids to labels, disabled ones included, and leaves unknown ids out', async () => {
    const t = await newTenant();
    const sources = await getDictionary(t.auth, 'source');
    const [first, second] = sources.items;
    await updateDictionaryItem(t.auth, 'source', second?.id ?? '', 1, { disabled: true });

    const labels = await getDictionaryLabels(t.tenantId, [
      { kind: 'source', id: first?.id ?? '' },
      { kind: 'source', id: second?.id ?? '' },
      { kind: 'source', id: first?.id ?? '' },
      { kind: 'source', id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' },
    ]);

    expect(labels).toEqual(
      new Map([
        [first?.id, '独立开发'],
        [second?.id, '来电咨询'],
      ]),
    );
  });

  it('maps a whole dictionary for reports', async () => {
    const t = await newTenant();

    const levels = await dictionaryLabels(t.tenantId, 'level');

    expect([...levels.values()]).toEqual([
      'A（重点客户）',
      'B（重要客户）',
      'C（普通客户）',
      'D（一般客户）',
      'E（非优先客户）',
    ]);
  });
});
