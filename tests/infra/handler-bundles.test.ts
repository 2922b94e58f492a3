import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HandlerBundles } from '#infra/aws/handler-bundles.ts';

const HANDLER = 'functions/notifications/list-notifications.ts';
const cdkOut = mkdtempSync(join(tmpdir(), 'crm-handler-bundles-'));

afterAll(() => rmSync(cdkOut, { recursive: true, force: true }));

describe('handler bundles', () => {
  it('ship the code without its source map, which is kept beside the cloud assembly for decoding stacks', () => {
    const asset = join(cdkOut, 'asset');
    mkdirSync(asset);
    const bundles = new HandlerBundles([HANDLER]);

    // What CDK's local bundling calls for the function's asset (HandlerBundles.code).
    (bundles as unknown as { moveInto(handler: string, outputDir: string): boolean }).moveInto(
      HANDLER,
      asset,
    );

    expect(readdirSync(asset)).toEqual(['index.mjs']);
    expect(
      existsSync(join(cdkOut, 'sourcemaps', 'functions/notifications/list-notifications/index.mjs.map')),
    ).toBe(true);
  }, 60_000);
});
