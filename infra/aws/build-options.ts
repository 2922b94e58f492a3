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
 * Loaded from the Powertools layer every function carries (infra/aws/powertools.ts), not bundled:
 * the layer holds every Powertools package (logger, metrics, tracer, commons) at the version in
 * package-lock.json, and the Tracer pulls in the X-Ray SDK: ~160 KB minified together, which every
 * function would otherwise carry. Lambda's Node.js runtime resolves ES module imports through
 * NODE_PATH (/opt/nodejs/node_modules). Locally they resolve from node_modules.
 */
export const FROM_LAYER = ['@aws-lambda-powertools/*', 'aws-xray-sdk-core'];

/**
 * How every handler is bundled: ESM for Node 22, minified, with source maps that stay out of the
 * function (infra/aws/handler-bundles.ts keeps them for offline decoding), the AWS SDK included
 * (one pinned, tested version instead of whatever the runtime ships), Powertools left to the layer.
 */
export const BUILD_OPTIONS: BuildOptions = {
  bundle: true,
  external: FROM_LAYER,
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
