import { describe, expect, it } from 'vitest';
import { contentDisposition, fits, keyName, uploadProblems } from '#lib/files/rules.ts';

describe('uploadProblems', () => {
  const announced = { size: 100, contentType: 'application/pdf' };

  it('finds none in the announced file', () => {
    expect(uploadProblems(announced, { size: 100, contentType: 'application/pdf' })).toEqual([]);
  });

  it('names another size, another type and a type outside the allow-list', () => {
    expect(uploadProblems(announced, { size: 99, contentType: 'application/x-msdownload' })).toEqual([
      'size 99 instead of 100',
      'type application/x-msdownload instead of application/pdf',
      'a type that is not allowed',
    ]);
  });
});

describe('fits', () => {
  it('lets a file in while both the count and the bytes stay within the limits', () => {
    const q = { fileCount: 1, bytes: 50, maxFiles: 2, maxBytes: 150 };
    expect(fits(q, 100)).toBe(true);
    expect(fits(q, 101)).toBe(false);
    expect(fits({ ...q, fileCount: 2 }, 1)).toBe(false);
  });
});

describe('names', () => {
  it('keeps object keys ASCII and gives downloads the original name', () => {
    expect(keyName('报价单 v2.pdf')).toBe('_v2.pdf');
    expect(keyName('合同.docx')).toBe('_.docx');
    expect(keyName('合同')).toBe('file');
    expect(contentDisposition('合同.pdf')).toBe(
      `attachment; filename="_.pdf"; filename*=UTF-8''${encodeURIComponent('合同.pdf')}`,
    );
  });
});
