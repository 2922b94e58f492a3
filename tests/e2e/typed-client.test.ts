import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '#infra/local/handlers.ts';
import { type Client, newTenant, startRuntime } from './runtime.ts';

/**
 * What the README shows a front end: types generated from the served /openapi.json with
 * openapi-typescript, calls made with openapi-fetch. The program is typechecked against the
 * generated types (a wrong one must not compile) and then run against the local runtime.
 */
const FIXTURES = join(ROOT, 'tests/e2e/fixtures/typed-client');
// Inside the repository (and git-ignored), so `openapi-fetch` resolves from node_modules.
const WORK = join(ROOT, '.local', `typed-client-${process.pid}`);

let client: Client;
beforeAll(async () => {
  client = await startRuntime();
  mkdirSync(WORK, { recursive: true });
});
afterAll(async () => {
  await client.runtime.stop();
  rmSync(WORK, { recursive: true, force: true });
});

function typecheck(file: string): string[] {
  const program = ts.createProgram([file], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
  });
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('a typed client generated from /openapi.json', () => {
  it('typechecks a small openapi-fetch program and runs it against the local server', async () => {
    const doc = await client.call('GET', '/openapi.json');
    expect(doc.status).toBe(200);
    writeFileSync(join(WORK, 'api.d.ts'), astToString(await openapiTS(doc.body)));
    writeFileSync(join(WORK, 'package.json'), JSON.stringify({ type: 'module' }));
    writeFileSync(join(WORK, 'program.ts'), readFileSync(join(FIXTURES, 'program.ts.txt')));
    writeFileSync(join(WORK, 'wrong.ts'), readFileSync(join(FIXTURES, 'wrong.ts.txt')));

    expect(typecheck(join(WORK, 'program.ts'))).toEqual([]);
    const errors = typecheck(join(WORK, 'wrong.ts'));
    expect(errors.some((e) => e.includes("'nom'"))).toBe(true);
    expect(errors.some((e) => e.includes("'string' is not assignable to type 'number'"))).toBe(true);

    const t = await newTenant(client);
    const { run } = (await import(pathToFileURL(join(WORK, 'program.ts')).href)) as {
      run: (baseUrl: string, token: string) => Promise<Record<string, unknown>>;
    };
    const result = await run(client.runtime.url, t.admin.token);

    expect(result).toEqual({
      name: '类型化客户端测试有限公司',
      version: 1,
      listed: 1,
      missingStatus: 404,
      problemCode: 'not_found',
    });
  });
});
