import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import type { RouteSpec } from '#lib/http/route.ts';
import { type OpenApiDocument, openApiDocument } from '#lib/openapi.ts';
import { routes } from '#lib/routes.ts';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
type Operation = Record<string, any>;

const operations = (doc: OpenApiDocument) =>
  Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => (item as Record<string, unknown>)[m]).map((method) => ({
      path,
      method,
      op: (item as Record<string, Operation>)[method] as Operation,
    })),
  );

/** Every `$ref` in the document, wherever it sits. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refs(v, found);
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (key === '$ref' && typeof v === 'string') found.push(v);
      else refs(v, found);
    }
  }
  return found;
}

const resolves = (doc: OpenApiDocument, ref: string) =>
  ref
    .replace(/^#\//, '')
    .split('/')
    .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], doc) !==
  undefined;

/** The structural rules a consumer (Scalar, code generators) relies on. */
function structuralProblems(doc: OpenApiDocument): string[] {
  const problems: string[] = [];
  if (doc.openapi !== '3.1.0') problems.push(`openapi is ${doc.openapi}`);
  if (!doc.info?.title || !doc.info.version) problems.push('info needs title and version');
  const ids = new Set<string>();
  for (const { path, method, op } of operations(doc)) {
    const where = `${method.toUpperCase()} ${path}`;
    if (!op.operationId) problems.push(`${where}: no operationId`);
    else if (ids.has(op.operationId)) problems.push(`${where}: duplicate operationId ${op.operationId}`);
    ids.add(op.operationId);
    const statuses = Object.keys(op.responses ?? {});
    if (!statuses.some((s) => /^2\d\d$/.test(s))) problems.push(`${where}: no success response`);
    const declared = new Set(
      (op.parameters ?? []).filter((p: Operation) => p.in === 'path').map((p: Operation) => p.name),
    );
    for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
      if (!declared.has(name)) problems.push(`${where}: path parameter ${name} not declared`);
    }
    for (const p of op.parameters ?? []) {
      if (p.in === 'path' && p.required !== true)
        problems.push(`${where}: path parameter ${p.name} optional`);
    }
  }
  for (const ref of refs(doc)) if (!resolves(doc, ref)) problems.push(`dangling $ref ${ref}`);
  return problems;
}

describe('openApiDocument', () => {
  const doc = openApiDocument();

  it('documents every route of lib/routes.ts under its path and method', () => {
    for (const key of Object.keys(routes)) {
      const [method = '', path = ''] = key.split(' ');
      expect((doc.paths?.[path] as Record<string, unknown>)?.[method.toLowerCase()], key).toBeDefined();
    }
    expect(operations(doc)).toHaveLength(Object.keys(routes).length);
  });

  it('passes the structural check', () => {
    expect(structuralProblems(doc)).toEqual([]);
  });

  it('puts every /v1 route behind the bearer JWT and documents the problem+json errors', () => {
    expect(doc.components?.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const { path, op } of operations(doc)) {
      if (path.startsWith('/v1/')) expect(op.security, path).toEqual([{ bearerAuth: [] }]);
      for (const status of ['400', '401', '403', '404', '409', '412', '422', '428']) {
        expect(op.responses[status], `${path} ${status}`).toBeDefined();
      }
    }
    const problem = doc.components?.schemas?.Problem as Record<string, any>;
    expect(Object.keys(problem.properties)).toEqual(
      expect.arrayContaining(['type', 'title', 'status', 'detail', 'code', 'errors']),
    );
    expect(doc.components?.responses?.BadRequest).toMatchObject({
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    });
  });

  it('names the permission a route needs in its description', () => {
    const guarded = Object.entries(routes).find(([, spec]) => 'permission' in spec && spec.permission);
    expect(guarded).toBeDefined();
    const [key, spec] = guarded as [string, RouteSpec];
    const [method = '', path = ''] = key.split(' ');

    const op = doc.paths?.[path]?.[method.toLowerCase() as 'get'] as Operation;

    expect(op.description).toContain(`\`${spec.permission}\``);
  });

  it('does not throw for zod constructs JSON Schema cannot express, and still passes the check', () => {
    type Tree = { name: string; children: Tree[] };
    const TreeNode: z.ZodType<Tree> = z.lazy(() =>
      z.object({ name: z.string(), children: z.array(TreeNode) }),
    );
    const awkward: Record<string, RouteSpec> = {
      'POST /v1/awkward/{id}/{kind}': {
        summary: 'Every awkward construct at once',
        tag: 'Test',
        handler: 'functions/test/awkward.ts',
        access: 'readWrite',
        permission: 'settings.manage',
        request: {
          params: z.strictObject({ id: z.string(), kind: z.enum(['a', 'b']) }),
          query: z.strictObject({
            flag: z.stringbool().default(false),
            n: z.coerce.number().int().optional(),
            at: z.iso.datetime().optional(),
          }),
          body: z
            .strictObject({
              when: z.date(),
              trimmed: z.string().transform((s) => s.trim()),
              pre: z.preprocess((v) => String(v), z.string()),
              big: z.bigint().optional(),
              tags: z.set(z.string()).optional(),
              lookup: z.map(z.string(), z.number()).optional(),
              custom: z.custom<string>((v) => typeof v === 'string'),
              choice: z.discriminatedUnion('type', [
                z.object({ type: z.literal('x'), x: z.number() }),
                z.object({ type: z.literal('y'), y: z.string().nullable() }),
              ]),
              pair: z.tuple([z.string(), z.number()]),
              bag: z.record(z.string(), z.unknown()),
              tree: TreeNode,
              fallback: z.string().catch('none'),
              frozen: z.readonly(z.object({ a: z.string() })),
              piped: z.string().pipe(z.coerce.number()),
            })
            .refine((b) => b.pair.length === 2)
            .superRefine(() => {}),
          rawTypes: ['text/csv'],
        },
        response: {
          status: 201,
          body: z.object({ id: z.string(), at: z.date(), n: z.number().transform(String) }),
        },
      },
      'GET /v1/awkward/{id}/export': {
        summary: 'A CSV download without a params schema',
        tag: 'Test',
        handler: 'functions/test/export.ts',
        access: 'read',
        response: { status: 200, contentType: 'text/csv; charset=utf-8' },
      },
    };

    const built = openApiDocument({ routes: awkward });

    expect(structuralProblems(built)).toEqual([]);
    expect(operations(built)).toHaveLength(2);
    const post = built.paths?.['/v1/awkward/{id}/{kind}']?.post as Operation;
    expect(Object.keys(post.requestBody.content)).toEqual(['application/json', 'text/csv']);
    expect(post.responses['201'].content['application/json'].schema.properties.at).toMatchObject({
      type: 'string',
      format: 'date-time',
    });
  });
});
