import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { type BuildOptions, buildSync } from 'esbuild';

/** The repository root: handler paths in lib/routes.ts and lib/jobs.ts are relative to it. */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export const handlerPath = (handler: string) => join(ROOT, handler);

const outputDirOf = (handler: string) => handler.replace(/\.ts$/, '');

/**
 * How every handler is bundled: ESM for Node 22, minified with source maps, the AWS SDK included
 * (one pinned, tested version instead of whatever the runtime ships).
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

/**
 * Lambda code for a set of handlers, bundled by ONE esbuild run. NodejsFunction spawns esbuild
 * (through npx) once per function and re-parses the SDK, zod and the rest every time: about 2.5 s
 * of CPU a function, so ~100 functions took minutes to synth. One run parses every shared module
 * once and writes each handler's bundle (`<handler dir>/<name>/index.mjs`), which the function's
 * asset then takes. It runs on the first asset that needs bundling, so a synth that skips bundling
 * (`aws:cdk:bundling-stacks` = []) never runs it. No Docker: esbuild is a dev dependency.
 */
export class HandlerBundles {
  private readonly handlers: Set<string>;
  private built: string | undefined;
  /** Bundles built but not yet taken by their asset; the build directory goes once none are left. */
  private unclaimed = new Set<string>();

  constructor(handlers: Iterable<string>) {
    this.handlers = new Set(handlers);
    const missing = [...this.handlers].filter((handler) => !existsSync(handlerPath(handler)));
    if (missing.length > 0) throw new Error(`Handler modules missing: ${missing.join(', ')}`);
  }

  code(handler: string): Code {
    if (!this.handlers.has(handler)) throw new Error(`${handler} was not given to HandlerBundles`);
    // `handler` is serialized into CDK's asset cache key, which tells the functions apart.
    const local = { handler, tryBundle: (outputDir: string) => this.moveInto(handler, outputDir) };
    return Code.fromAsset(ROOT, {
      assetHashType: AssetHashType.OUTPUT,
      // Never pulled: local bundling always succeeds or throws.
      bundling: { image: Runtime.NODEJS_22_X.bundlingImage, local },
    });
  }

  private moveInto(handler: string, outputDir: string): boolean {
    let source = this.built && join(this.built, outputDirOf(handler));
    if (!source || !existsSync(source)) {
      this.build(join(dirname(outputDir), 'handler-bundles'));
      source = join(this.built as string, outputDirOf(handler));
    }
    for (const file of readdirSync(source)) renameSync(join(source, file), join(outputDir, file));
    rmSync(source, { recursive: true });
    this.unclaimed.delete(handler);
    if (this.unclaimed.size === 0 && this.built) rmSync(this.built, { recursive: true, force: true });
    return true;
  }

  private build(outdir: string) {
    rmSync(outdir, { recursive: true, force: true });
    mkdirSync(outdir, { recursive: true });
    buildSync({ ...BUILD_OPTIONS, entryPoints: [...this.handlers], outdir });
    this.built = outdir;
    this.unclaimed = new Set(this.handlers);
  }
}
