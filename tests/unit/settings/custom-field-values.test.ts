import { describe, expect, it } from 'vitest';
import { type CustomFieldDefinition, customFieldValuesSchema } from '#lib/settings/custom-fields.ts';

const def = (
  key: string,
  type: CustomFieldDefinition['type'],
  extra: Partial<CustomFieldDefinition> = {},
): CustomFieldDefinition => ({ key, label: key, type, options: null, required: false, ...extra });

const definitions = [
  def('note', 'text'),
  def('story', 'textarea'),
  def('employees', 'number'),
  def('founded', 'date'),
  def('size', 'select', { options: ['小型', '中型', '大型'] }),
  def('interests', 'multiSelect', { options: ['价格', '服务', '质量'] }),
  def('vip', 'boolean'),
  def('hotline', 'phone'),
  def('billing', 'email'),
  def('site', 'url'),
];
const schema = customFieldValuesSchema(definitions);
const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  (result.error?.issues ?? []).map((i) => i.path.join('.'));

describe('customFieldValuesSchema', () => {
  it('accepts a value of the right type for every field and normalises them', () => {
    const result = schema.parse({
      note: '  老客户介绍 ',
      story: '第一次见面在展会',
      employees: 120,
      founded: '2008-05-01',
      size: '中型',
      interests: ['质量', '价格', '质量'],
      vip: true,
      hotline: '138 0013 8000',
      billing: 'cw@example.cn',
      site: 'https://example.cn',
    });

    expect(result).toEqual({
      note: '老客户介绍',
      story: '第一次见面在展会',
      employees: 120,
      founded: '2008-05-01',
      size: '中型',
      interests: ['价格', '质量'],
      vip: true,
      hotline: '+8613800138000',
      billing: 'cw@example.cn',
      site: 'https://example.cn',
    });
  });

  it('accepts an empty object when nothing is required', () => {
    expect(schema.parse({})).toEqual({});
  });

  it.each([
    ['note', 42],
    ['note', '   '],
    ['employees', '120'],
    ['founded', '2008-13-01'],
    ['size', '超大型'],
    ['interests', ['价格', '外观']],
    ['interests', '价格'],
    ['vip', 'yes'],
    ['hotline', '12345'],
    ['billing', 'not-an-email'],
    ['site', 'ftp://example.cn'],
  ])('rejects %s = %j at its own path', (key, value) => {
    const result = schema.safeParse({ [key]: value });

    expect(result.success).toBe(false);
    expect(issuesOf(result)[0]?.split('.')[0]).toBe(key);
  });

  it('rejects keys that no definition has', () => {
    const result = schema.safeParse({ note: 'ok', colour: 'red' });

    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['colour'] });
  });

  it('requires required fields on create but not on a partial update', () => {
    const defs = [def('contractNo', 'text', { required: true }), def('note', 'text')];

    expect(issuesOf(customFieldValuesSchema(defs).safeParse({ note: 'x' }))).toEqual(['contractNo']);
    expect(customFieldValuesSchema(defs, { partial: true }).parse({ note: 'x' })).toEqual({ note: 'x' });
  });

  it('lets null clear an optional field but never a required one', () => {
    const defs = [def('contractNo', 'text', { required: true }), def('note', 'text')];
    const partial = customFieldValuesSchema(defs, { partial: true });

    expect(partial.parse({ note: null })).toEqual({ note: null });
    expect(partial.safeParse({ contractNo: null }).success).toBe(false);
  });

  it('needs at least one choice in a required multi-select', () => {
    const defs = [def('tags', 'multiSelect', { options: ['a', 'b'], required: true })];

    expect(customFieldValuesSchema(defs).safeParse({ tags: [] }).success).toBe(false);
    expect(customFieldValuesSchema(defs).parse({ tags: ['b'] })).toEqual({ tags: ['b'] });
  });
});
