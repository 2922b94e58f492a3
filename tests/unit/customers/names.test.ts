import { describe, expect, it } from 'vitest';
import { coreName, normalizeName, searchQuery, searchTerms } from '#lib/customers/names.ts';
import { customerPinyinTerms } from '#lib/customers/pinyin-terms.ts';
import { looksLikePhone, normalizePhone } from '#lib/phone.ts';

describe('normalizeName', () => {
  it.each([
    ['阿里巴巴有限公司', '阿里巴巴'],
    ['阿里巴巴有限责任公司', '阿里巴巴'],
    ['阿里巴巴股份有限公司', '阿里巴巴'],
    ['阿里巴巴集团股份有限公司', '阿里巴巴'],
    ['阿里巴巴集团', '阿里巴巴'],
    ['阿里巴巴股份', '阿里巴巴'],
    ['阿里巴巴公司', '阿里巴巴'],
    [' 阿里 巴巴（有限公司） ', '阿里巴巴'],
    ['ＡＢＣ科技有限公司', 'abc科技'],
    ['Acme Co., Ltd.', 'acme'],
    ['ACME Inc.', 'acme'],
    ['Costco', 'costco'],
    ['58同城', '58同城'],
  ])('turns %s into %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });

  it('never strips a name down to nothing', () => {
    expect(normalizeName('有限公司')).toBe('有限');
    expect(normalizeName('公司')).toBe('公司');
    expect(normalizeName('Company')).toBe('company');
  });

  it('is empty for a name of punctuation only', () => {
    expect(normalizeName('（）——')).toBe('');
  });

  it('treats full-width and half-width, case and spacing alike', () => {
    expect(normalizeName('ＨＵＡＷＥＩ 技术')).toBe(normalizeName('huawei技术有限公司'));
  });
});

describe('coreName', () => {
  it.each([
    ['北京字节跳动科技', '字节跳动科技'],
    ['广东省深圳市腾讯计算机系统', '腾讯计算机系统'],
    ['新疆维吾尔自治区天山', '天山'],
    ['上海市', '上海市'],
    ['北京', '北京'],
    ['腾讯', '腾讯'],
  ])('strips leading place names from %s', (input, expected) => {
    expect(coreName(input)).toBe(expected);
  });
});

describe('normalizePhone', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['138 0013 8000', '+8613800138000'],
    ['+86 138-0013-8000', '+8613800138000'],
    ['010-12345678', '+861012345678'],
    ['+1 650 253 0000', '+16502530000'],
  ])('normalises %s to %s', (input, expected) => {
    expect(normalizePhone(input)).toBe(expected);
  });

  it.each(['123', '12345', 'abc', '+86 000'])('rejects %s', (input) => {
    expect(normalizePhone(input)).toBeNull();
  });
});

describe('searchTerms', () => {
  it('finds a Chinese company from its save by name, core name and phone', () => {
    expect(searchTerms('北京字节跳动科技有限公司', '+8613800138000')).toEqual([
      { term: '+8613800138000', kinds: ['phone'] },
      { term: '北京字节跳动科技', kinds: ['name'] },
      { term: '字节跳动科技', kinds: ['core'] },
    ]);
  });

  it('gives a name its core once, with both kinds, when no place opens it', () => {
    expect(searchTerms('腾讯', null)).toEqual([{ term: '腾讯', kinds: ['core', 'name'] }]);
  });
});

describe('customerPinyinTerms (indexed by the name-search consumer)', () => {
  it('reads the name and the core name in pinyin and initials', () => {
    expect(customerPinyinTerms('北京字节跳动科技有限公司')).toEqual([
      { term: 'beijingzijietiaodongkeji', kinds: ['pinyin'] },
      { term: 'bjzjtdkj', kinds: ['initials'] },
      { term: 'zijietiaodongkeji', kinds: ['pinyin'] },
      { term: 'zjtdkj', kinds: ['initials'] },
    ]);
  });

  it('reads words, not single characters: a bank is yinhang, Chongqing chongqing', () => {
    expect(customerPinyinTerms('重庆银行').map((t) => t.term)).toContain('chongqingyinhang');
  });

  it('gives Latin names no pinyin', () => {
    expect(searchTerms('Acme Co., Ltd.', null)).toEqual([{ term: 'acme', kinds: ['core', 'name'] }]);
    expect(customerPinyinTerms('Acme Co., Ltd.')).toEqual([]);
  });
});

describe('searchQuery', () => {
  it('searches a valid phone exactly in E.164', () => {
    expect(searchQuery('138 0013 8000')).toEqual({ prefix: '+8613800138000', exact: true });
  });

  it('searches anything else as a normalised prefix', () => {
    expect(searchQuery('Ｚｉｊｉｅ')).toEqual({ prefix: 'zijie', exact: false });
    expect(searchQuery('字节 跳动')).toEqual({ prefix: '字节跳动', exact: false });
    expect(searchQuery('58同')).toEqual({ prefix: '58同', exact: false });
  });

  it('has nothing to search for in punctuation', () => {
    expect(searchQuery('——')).toBeNull();
  });

  it('tells phone-like queries from names', () => {
    expect(looksLikePhone('+86 138-0013-8000')).toBe(true);
    expect(looksLikePhone('58同城')).toBe(false);
  });
});
