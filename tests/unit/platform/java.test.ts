import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JavaMissing, requireJava17 } from '#infra/local/dynamodb.ts';

/** A PATH holding only a fake `java` that prints `banner` as `java -version` does (on stderr), or nothing. */
function pathWith(banner?: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'java-'));
  if (banner) {
    const java = join(dir, 'java');
    writeFileSync(java, `#!/bin/sh\necho '${banner}' >&2\n`);
    chmodSync(java, 0o755);
  }
  return dir;
}

const original = process.env.PATH;
afterEach(() => {
  process.env.PATH = original;
});

describe('DynamoDB Local needs Java 17', () => {
  it('says in one line, without a stack, that Java is missing and how to install it', () => {
    const dir = pathWith();
    process.env.PATH = dir;

    expect(() => requireJava17()).toThrow(JavaMissing);
    const error = (() => {
      try {
        requireJava17();
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.message).toMatch(
      /^No `java` found\. DynamoDB Local .* needs Java 17 .*apt install openjdk-17/,
    );
    expect(error?.stack).toBe(error?.message);
    expect(error?.message).not.toContain('\n');
    rmSync(dir, { recursive: true });
  });

  it('refuses Java 8 (which calls itself 1.8) and accepts 17 and 21', () => {
    for (const [banner, major] of [
      ['openjdk version "17.0.15" 2025-04-15', 17],
      ['openjdk version "21" 2023-09-19', 21],
    ] as const) {
      process.env.PATH = pathWith(banner);
      expect(requireJava17()).toBe(major);
    }
    process.env.PATH = pathWith('java version "1.8.0_292"');
    expect(() => requireJava17()).toThrow(/^Java 8 found\. DynamoDB Local/);
  });
});
