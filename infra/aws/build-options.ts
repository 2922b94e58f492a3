/**
 * How handlers are bundled for Lambda, apart from CDK (infra/aws/handler-bundles.ts runs it) so
 * the bench (tests/bench/functions.ts) and the bundle-contents test use exactly the same options
 * without loading aws-cdk-lib.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** The repository root: handler paths in lib/routes.ts and lib/jobs.ts are relative to it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const handlerPath = (handler: string) => join(ROOT, handler);

/**
 * How every handler is bundled: ESM for Node 22, minified, with source maps that stay out of the
 * function (infra/aws/handler-bundles.ts keeps them for offline decoding), the AWS SDK included
 * (one pinned, tested version instead of whatever the runtime ships), and nothing else outside: a
 * package loaded from node_modules or a layer file by file costs a cold start far more than its
 * bundled bytes (Powertools' logger and metrics: ~40 ms against ~5 ms, tests/bench/functions.ts).
 */
export const BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  mainFields: ['module', 'main'],
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  charset: 'utf8',
  legalComments: 'none',
  // ESM has no `require`; bundled CommonJS dependencies (parts of the AWS SDK) call it for Node
  // built-ins. Aliased so it cannot clash with anything bundled.
  banner: {
    js: "import { createRequire as __crmCreateRequire } from 'node:module'; const require = __crmCreateRequire(import.meta.url);",
  },
  outExtension: { '.js': '.mjs' },
  entryNames: '[dir]/[name]/index',
  outbase: ROOT,
  absWorkingDir: ROOT,
  logLevel: 'warning',
};
