import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AssetHashType } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import { BUILD_OPTIONS, handlerPath, ROOT } from '#infra/aws/build-options.ts';

export { BUILD_OPTIONS, handlerPath, ROOT };

const outputDirOf = (handler: string) => handler.replace(/\.ts$/, '');

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
    // The source map stays out of the function (it is larger than the code and unused at run time:
    // see handler-function.ts) and is kept under cdk.out/sourcemaps/<handler>/ to decode a logged
    // stack offline (e.g. `node --enable-source-maps` on the bundle beside its map).
    const maps = join(dirname(outputDir), 'sourcemaps', outputDirOf(handler));
    for (const file of readdirSync(source)) {
      if (file.endsWith('.map')) {
        mkdirSync(maps, { recursive: true });
        renameSync(join(source, file), join(maps, file));
      } else renameSync(join(source, file), join(outputDir, file));
    }
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
