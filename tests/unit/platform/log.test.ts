import { describe, expect, it } from 'vitest';

process.env.TABLE_NAME ??= 'unit-test';
const { maskPii } = await import('#lib/log.ts');

describe('maskPii', () => {
  it.each([
    ['call 13812345678 now', 'call ***5678 now'],
    ['+8613812345678', '+***5678'],
    ['010-6552 9988', '***9988'],
    ['zhang.san@example.com', 'z***@example.com'],
  ])('masks %s', (input, masked) => {
    expect(maskPii(input)).toBe(masked);
  });

  it('leaves short numbers such as amounts and years alone', () => {
    expect(maskPii('2026 order of 3500 fen')).toBe('2026 order of 3500 fen');
  });
});

describe('maskPii on dates', () => {
  it('keeps ISO dates readable', () => {
    expect(maskPii('due 2026-11-25T14:08:27Z')).toBe('due 2026-11-25T14:08:27Z');
  });
});
