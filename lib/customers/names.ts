import { phoneQuery } from '../phone.ts';

/**
 * Pure normalisation of customer names and phones: what "the same name" means for the duplicate
 * check and the uniqueness guard (seed 002 客户查重), and the search terms a customer is found by.
 */

/** Legal-form suffixes of Chinese company names, longest first so 股份有限公司 goes before 有限公司. */
const CHINESE_SUFFIXES = [
  '股份有限公司',
  '有限责任公司',
  '集团有限公司',
  '有限公司',
  '股份公司',
  '集团公司',
  '集团',
  '股份',
  '公司',
];

/** English legal forms, removed as whole words from the end: "Acme Co., Ltd." is "acme". */
const ENGLISH_SUFFIXES = new Set([
  'co',
  'ltd',
  'inc',
  'corp',
  'corporation',
  'limited',
  'company',
  'llc',
  'plc',
  'gmbh',
  'group',
]);

/** Provinces, municipalities and large cities that often open a company name (北京xx科技). */
const PLACES = [
  '内蒙古',
  '黑龙江',
  '北京',
  '天津',
  '上海',
  '重庆',
  '河北',
  '山西',
  '辽宁',
  '吉林',
  '江苏',
  '浙江',
  '安徽',
  '福建',
  '江西',
  '山东',
  '河南',
  '湖北',
  '湖南',
  '广东',
  '海南',
  '四川',
  '贵州',
  '云南',
  '陕西',
  '甘肃',
  '青海',
  '台湾',
  '广西',
  '西藏',
  '宁夏',
  '新疆',
  '香港',
  '澳门',
  '乌鲁木齐',
  '呼和浩特',
  '石家庄',
  '哈尔滨',
  '深圳',
  '广州',
  '杭州',
  '南京',
  '苏州',
  '成都',
  '武汉',
  '西安',
  '大连',
  '青岛',
  '厦门',
  '宁波',
  '无锡',
  '长沙',
  '郑州',
  '济南',
  '沈阳',
  '长春',
  '太原',
  '合肥',
  '福州',
  '南昌',
  '昆明',
  '贵阳',
  '南宁',
  '海口',
  '兰州',
  '西宁',
  '银川',
  '拉萨',
  '东莞',
  '佛山',
  '珠海',
  '温州',
  '常州',
  '南通',
  '烟台',
  '泉州',
  '嘉兴',
  '绍兴',
  '金华',
  '台州',
  '徐州',
  '扬州',
  '惠州',
  '中山',
  '洛阳',
  '唐山',
  '潍坊',
].sort((a, b) => b.length - a.length);

const PLACE_SUFFIXES = ['维吾尔自治区', '壮族自治区', '回族自治区', '特别行政区', '自治区', '省', '市'];

/** Full-width to half-width, lower case: the form every comparison starts from. */
const fold = (text: string) => text.normalize('NFKC').toLowerCase();

/** Spaces, punctuation and symbols go: "阿里巴巴（中国）" and "阿里巴巴 中国" compare equal. */
const squeeze = (text: string) => text.replace(/[\s\p{P}\p{S}]/gu, '');

function stripEnglishSuffixes(folded: string): string {
  const words = folded.split(/[\s\p{P}\p{S}]+/u).filter(Boolean);
  while (words.length > 1 && ENGLISH_SUFFIXES.has(words[words.length - 1] as string)) words.pop();
  return words.join(' ');
}

function stripChineseSuffixes(text: string): string {
  let current = text;
  for (;;) {
    const suffix = CHINESE_SUFFIXES.find((s) => current.endsWith(s) && current.length > s.length);
    if (!suffix) return current;
    current = current.slice(0, -suffix.length);
  }
}

/**
 * The normalised name of a company: NFKC (full-width to half-width), lower case, legal-form
 * suffixes (有限公司, 股份, 集团, Co., Ltd. ...) removed, spaces and punctuation removed. Never
 * strips a name down to nothing: "有限公司" alone stays. Empty only for names without letters.
 */
export function normalizeName(name: string): string {
  const folded = fold(name);
  const english = squeeze(stripEnglishSuffixes(folded));
  return stripChineseSuffixes(english || squeeze(folded));
}

/**
 * The "core" of a normalised name for the duplicate check: up to two leading place names
 * (province, then city, with 省/市/自治区) removed, so 广东省深圳市腾讯 and 腾讯 meet. Kept whole when
 * too little would remain.
 */
export function coreName(normalized: string): string {
  let current = normalized;
  for (let round = 0; round < 2; round += 1) {
    const place = PLACES.find((p) => current.startsWith(p));
    if (!place) break;
    let rest = current.slice(place.length);
    const suffix = PLACE_SUFFIXES.find((s) => rest.startsWith(s));
    if (suffix) rest = rest.slice(suffix.length);
    if ([...rest].length < 2) break;
    current = rest;
  }
  return current;
}

export type TermKind = 'name' | 'core' | 'pinyin' | 'initials' | 'phone';

/** Terms are key material: long names are cut, which keeps prefix search intact. */
const MAX_TERM = 60;
/** A text as a search term: what lookups of a stored term must use, too. */
export const asTerm = (text: string) => [...text].slice(0, MAX_TERM).join('');
const cut = asTerm;

/** The texts a customer's terms are made of: its normalised name and that name's core. */
export function nameTexts(name: string): { normalized: string; core: string } {
  const normalized = normalizeName(name);
  return { normalized, core: coreName(normalized) };
}

/** Terms with the kinds each stands for, sorted and distinct. */
export function termSet<K extends string>() {
  const terms = new Map<string, Set<K>>();
  return {
    add(term: string, kind: K) {
      const cutTerm = cut(term);
      if (!cutTerm) return;
      terms.set(cutTerm, (terms.get(cutTerm) ?? new Set<K>()).add(kind));
    },
    list: (): Array<{ term: string; kinds: K[] }> =>
      [...terms.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([term, kinds]) => ({ term, kinds: [...kinds].sort() })),
  };
}

/**
 * What a customer is found by from the moment it is saved: the normalised name, its core and the
 * phone. The pinyin and initials of Chinese names are indexed by the `name-search` stream consumer
 * (lib/customers/name-index.ts), which keeps the 300 KB dictionary out of every request.
 */
export function searchTerms(name: string, phone: string | null): Array<{ term: string; kinds: TermKind[] }> {
  const terms = termSet<TermKind>();
  const { normalized, core } = nameTexts(name);
  terms.add(normalized, 'name');
  terms.add(core, 'core');
  if (phone) terms.add(phone, 'phone');
  return terms.list();
}

/**
 * What a `q=` searches for: an exact E.164 phone when the query is a valid phone number, else a
 * prefix of any term (name, core name, pinyin, initials) in normalised form.
 */
export function searchQuery(q: string): { prefix: string; exact: boolean } | null {
  const phone = phoneQuery(q);
  if (phone) return { prefix: phone, exact: true };
  const folded = squeeze(fold(q));
  if (!folded) return null;
  const normalized = normalizeName(q);
  return { prefix: cut(normalized || folded), exact: false };
}
