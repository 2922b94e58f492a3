import { randomUUID } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';

/** The repository root: handler paths in lib/routes.ts and lib/jobs.ts are relative to it. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

// biome-ignore lint/suspicious/noExplicitAny: a Lambda handler takes whatever event its trigger sends.
export type LambdaHandler = (event: any, context: Context) => Promise<unknown>;

const loaded = new Map<string, Promise<LambdaHandler>>();

/**
 * The `handler` export of a function module, imported once and kept, like a warm Lambda container.
 * Imported lazily so lib/config.ts reads the environment the runtime has set up first.
 */
export function loadHandler(file: string): Promise<LambdaHandler> {
  let handler = loaded.get(file);
  if (!handler) {
    handler = import(pathToFileURL(join(ROOT, file)).href).then((module: { handler?: unknown }) => {
      if (typeof module.handler !== 'function') throw new Error(`${file} does not export a handler`);
      return module.handler as LambdaHandler;
    });
    handler.catch(() => loaded.delete(file));
    loaded.set(file, handler);
  }
  return handler;
}

/** What Lambda passes as the second argument; only the parts our middleware reads are real. */
export function lambdaContext(file: string, timeoutMs = 30_000): Context {
  const deadline = Date.now() + timeoutMs;
  const name = file
    .replace(/^functions\//, '')
    .replace(/\.ts$/, '')
    .replaceAll('/', '-');
  return {
    awsRequestId: randomUUID(),
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:local-${name}`,
    memoryLimitInMB: '1024',
    logGroupName: `/aws/lambda/local-${name}`,
    logStreamName: 'local',
    callbackWaitsForEmptyEventLoop: false,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
